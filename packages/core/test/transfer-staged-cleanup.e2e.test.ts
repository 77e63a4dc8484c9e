// A staged upload (becomeRoot through a sudo that wants a password) removes its stage on the host within the upload's
// deadline, or shortly after an abort: a host that stops answering then cannot hold the call. A removal that fails is
// a notice naming the directory; the upload's own result or error stands. Needs root, as CI runs the tests.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ownedInTmp } from "@deploykit/sandbox";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";
import { rejection } from "./helpers/rejection.ts";

const root = mkdtempSync(join(tmpdir(), "dk-stage-cleanup-"));
const fleet = useFleet({ hosts: 1 });
const PASSWORD = `pw ${process.pid}`;
const sudo = useSudoUser(fleet, `dk-stage-${process.pid}`, PASSWORD);
const notices: string[] = [];
// The login user's sessions find these first on PATH (its ~/.bashrc is the sandbox's).
const bashrc = () => join(fleet.sandbox.home, ".bashrc");
// Tools on the host that stop answering: they sleep far past every bound here, then do their work.
function slow(...tools: string[]): void {
  const bin = mkdtempSync(join(root, "slow-"));
  for (const tool of tools)
    writeFileSync(join(bin, tool), `#!/bin/sh\nsleep 60\nexec /usr/bin/${tool} "$@"\n`, { mode: 0o755 });
  chmodSync(bin, 0o755);
  writeFileSync(bashrc(), `PATH=${bin}:$PATH\n`);
}
// The stages the login user has in /tmp.
const stages = () => ownedInTmp(sudo.name, (name) => name.startsWith("tmp."));

beforeAll(() => {
  chmodSync(root, 0o755);
  setPrinter({ line: () => undefined, notice: (_tag, text) => void notices.push(text) });
});
afterEach(() => {
  rmSync(bashrc(), { force: true });
  for (const stage of stages()) rmSync(stage, { recursive: true, force: true });
  notices.length = 0;
});
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

describe("a staged upload's clean-up", () => {
  const staged = { becomeRoot: true, sudoPassword: PASSWORD } as const;

  it("ends within the upload's deadline; the upload's result stands and the stage left is a notice", async () => {
    const local = join(root, "a.txt");
    writeFileSync(local, "x");
    const dir = mkdtempSync(join(root, "dest-"));
    slow("rm");
    const started = performance.now();
    const r = await sudo.host().upload(local, `${dir}/`, { ...staged, timeout: 8000 });
    // Held by the host's rm, the call would last a minute.
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(r).toMatchObject({ files: 1, bytes: 1 });
    const [stage] = stages();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      new RegExp(`^the upload's staging directory ${stage} on the host was not removed \\(.*timed out after \\d+ ms`),
    );
    expect(notices[0]).toMatch(/; remove it there \(rm -rf -- \/tmp\/tmp\.\w+\)$/);
  });

  it("after an abort ends shortly; the upload's own error stands", async () => {
    const local = join(root, "b.txt");
    writeFileSync(local, "x");
    const dir = mkdtempSync(join(root, "dest-"));
    slow("rsync", "rm");
    const started = performance.now();
    const upload = sudo.host().upload(local, `${dir}/`, { ...staged, signal: AbortSignal.timeout(3000) });
    const e = await rejection(upload, TransferError);
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(e.reason).toMatch(/^the upload was interrupted: nothing was written to /);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^the upload's staging directory \/tmp\/tmp\.\w+ on the host was not removed \(.*timed/);
  });

  it("after a timeout removes the stage shortly; the upload's own error stands", async () => {
    const local = join(root, "d.txt");
    writeFileSync(local, "x");
    const dir = mkdtempSync(join(root, "dest-"));
    const before = stages();
    slow("rsync");
    const e = await rejection(sudo.host().upload(local, `${dir}/`, { ...staged, timeout: 3000 }), TransferError);
    expect(e.reason).toBe(
      `the upload timed out after 3000 ms: nothing was written to ${dir}/ (the files were still on their way to a ` +
        "private directory on the host); copy again",
    );
    expect(stages()).toEqual(before);
    expect(notices).toEqual([]);
  });

  it("removes the stage when the host answers", async () => {
    const local = join(root, "c.txt");
    writeFileSync(local, "x");
    const dir = mkdtempSync(join(root, "dest-"));
    const before = stages();
    await sudo.host().upload(local, `${dir}/`, { ...staged, timeout: 30_000 });
    expect(stages()).toEqual(before);
    expect(notices).toEqual([]);
  });
});
