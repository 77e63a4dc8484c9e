// A staged upload (becomeRoot through a sudo that wants a password) stopped by Ctrl-C removes its stage on the host as
// the process ends, in a plain script (which Ctrl-C ends at once) and as dk ends (at once, once nothing holds its
// exit): its own removal, after the upload, never ran, and the stage stayed in the host's /tmp with a copy of the
// files. Needs root, as CI runs the tests.
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { collect, ownedInTmp } from "@deploykit/sandbox";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { useFleet } from "./helpers/fleet.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const root = mkdtempSync(join(tmpdir(), "dk-staged-interrupt-"));
// First on sudo's secure_path: an rsync that waits before it starts, so that the step as root is under way at Ctrl-C.
const BIN = join(root, "bin");
const fleet = useFleet({ hosts: 1 });
const PASSWORD = `pw ${process.pid}`;
const user = useSudoUser(fleet, `dk-stint-${process.pid}`, PASSWORD);
const src = (file: string) => fileURLToPath(new URL(`../src/${file}`, import.meta.url));
// The stages the login user has in /tmp.
const stages = () => ownedInTmp(user.name, (name) => name.startsWith("tmp."));

beforeAll(() => {
  chmodSync(root, 0o755);
  mkdirSync(BIN);
  writeFileSync(join(BIN, "rsync"), '#!/bin/sh\nsleep 60\nexec /usr/bin/rsync "$@"\n', { mode: 0o755 });
  const path = `${BIN}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;
  appendFileSync(`/etc/sudoers.d/${user.name}`, `Defaults:${user.name} secure_path=${path}\n`);
  writeFileSync(join(root, "app.conf"), "x\n");
});
afterEach(() => {
  for (const stage of stages()) rmSync(stage, { recursive: true, force: true });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A script that uploads staged and says when the step as root is under way (its "still waiting" notice); `asDk`
// listens for Ctrl-C as dk does: it waits for what holds the exit, then exits 130.
function script(asDk: boolean): string {
  const { sandbox } = fleet;
  const host = { user: user.name, port: sandbox.port, ...sandbox.hostOptions };
  const options = { becomeRoot: true, sudoPassword: PASSWORD };
  return `const { Host } = await import(${JSON.stringify(src("host.ts"))});
    const { setPrinter } = await import(${JSON.stringify(src("output/printer.ts"))});
    const { exitHolds } = await import(${JSON.stringify(src("exit-holds.ts"))});
    if (${asDk}) process.on("SIGINT", () => void exitHolds().then(() => process.exit(130)));
    setPrinter({ line: () => undefined, notice: (_tag, text) => console.log(text) });
    const host = new Host(${JSON.stringify(sandbox.addresses[0])}, ${JSON.stringify(host)});
    await host.upload(${JSON.stringify(join(root, "app.conf"))}, ${JSON.stringify(join(root, "etc", "app.conf"))},
      ${JSON.stringify(options)});`;
}

describe("a staged upload stopped by Ctrl-C", () => {
  it.each([
    ["in a plain script", false, { code: null, signal: "SIGINT" }],
    ["as dk does", true, { code: 130, signal: null }],
  ])("removes its stage on the host as the process ends (%s)", async (_how, asDk, ended) => {
    const child = await collect(process.execPath, ["--import", "tsx/esm", "--input-type=module", "-e", script(asDk)], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      env: { ...process.env, DEPLOYKIT_WAITING_NOTICE_MS: "300" },
      timeoutMs: 40_000,
      onOutput: { text: "(as root, from /tmp/", act: (running) => running.kill("SIGINT") },
    });
    expect({ code: child.code, signal: child.signal }).toEqual(ended);
    expect(child.stdout).toMatch(/^still waiting for 'upload .* \(as root, from \/tmp\/tmp\.\w+\)'/m);
    expect(stages()).toEqual([]);
  });
});
