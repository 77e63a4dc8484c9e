import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@deploykit/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Host } from "../src/host.ts";
import { useFleet } from "./helpers/fleet.ts";

// An ssh config written for interactive use: a terminal, a command of its own, no session, stdin closed, ssh in the
// background, a forwarding. Each would make ssh run something other than dk's command as dk runs it, or print (or
// fail) when a second connection cannot bind the forwarding's port; dk's sessions stay its own.
const fleet = useFleet({ hosts: 1 });
const dir = mkdtempSync(join(tmpdir(), "dk-interactive-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = join(dir, "config");
beforeAll(async () => {
  const forward = `LocalForward 127.0.0.1:${await freePort()} 127.0.0.1:22\n  ExitOnForwardFailure yes`;
  writeFileSync(join(dir, "interactive.conf"), `Host *\n  RequestTTY force\n  SessionType none\n  ${forward}\n`);
  writeFileSync(
    config,
    `Include ${dir}/interactive.conf\nHost *\n  RemoteCommand tmux new -A -s main\n  StdinNull yes\n` +
      "  ForkAfterAuthentication yes\n  EscapeChar none\n  ForwardX11 yes\n" +
      "  PermitLocalCommand yes\n  LocalCommand echo from-local-command\n",
  );
});

function host(): Host {
  return fleet.host({ sshOptions: fleet.sandbox.hostOptions.sshOptions.map((o) => (o === "/dev/null" ? config : o)) });
}

describe("an ssh config for interactive use", () => {
  it("leaves dk's command as it is: its streams apart, its exit code, its input", async () => {
    const r = await host().run("cat; echo err >&2; exit 3", {
      input: "in\n",
      check: false,
      stdout: "pipe",
      stderr: "pipe",
    });
    expect(r).toMatchObject({ exitCode: 3, stdout: "in\n", stderr: "err\n" });
  });

  it("leaves commands at once on one host, each over a connection of its own, as they are", async () => {
    const h = host();
    const runs = [1, 2, 3].map(() =>
      h.run("sleep 0.5; echo out", { stdout: "pipe", stderr: "pipe", freshConnection: true }),
    );
    for (const r of await Promise.all(runs)) expect(r).toMatchObject({ stdout: "out\n", stderr: "" });
  });

  it("leaves transfers as they are (rsync's ssh gets the same options)", async () => {
    writeFileSync(join(dir, "file"), "payload\n");
    const h = host();
    await h.upload(join(dir, "file"), join(dir, "up", "file"));
    expect(readFileSync(join(dir, "up", "file"), "utf8")).toBe("payload\n");
    expect(await h.sshArgs()).toEqual(
      expect.arrayContaining(["RequestTTY=no", "RemoteCommand=none", "StdinNull=no", "SessionType=default"]),
    );
  });
});
