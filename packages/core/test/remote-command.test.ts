import { collect, type Collected } from "@deploykit/sandbox";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { remoteCommand } from "../src/ssh/remote-command.ts";
import { waitGone } from "./helpers/processes.ts";

// Plays the remote login shell: runs the command line with `sh -c`, its stdin held open as sshd's is (until `close`
// is printed: then it closes, as when the ssh client goes away).
function asLoginShell(line: string, close?: string): Promise<Collected> {
  const onOutput = close === undefined ? undefined : { text: close, act: (c: ChildProcess) => c.stdin?.end() };
  return collect("sh", ["-c", line], { openStdin: true, timeoutMs: 20_000, ...(onOutput && { onOutput }) });
}

describe("remoteCommand", () => {
  it("runs a string through bash", async () => {
    expect(await asLoginShell(remoteCommand("echo $((1+2)) ${BASH_VERSION:+bash}"))).toMatchObject({
      code: 0,
      stdout: "3 bash\n",
    });
  });

  it("runs an array without a shell: each element one argument", async () => {
    const r = await asLoginShell(remoteCommand(["printf", "%s|", "a b", "$HOME", "it's", ""]));
    expect(r.stdout).toBe("a b|$HOME|it's||");
  });

  it("changes to cwd on the far side", async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), "dk-cwd-")));
    expect((await asLoginShell(remoteCommand("pwd", { cwd: dir }))).stdout).toBe(`${dir}\n`);
    expect((await asLoginShell(remoteCommand("pwd", { cwd: join(dir, "missing") }))).code).not.toBe(0);
  });

  it("passes env values byte for byte", async () => {
    const value = "a b 'c' \"d\" $e `f` \\g\nh ünï";
    expect((await asLoginShell(remoteCommand(["printenv", "X"], { env: { X: value } }))).stdout).toBe(`${value}\n`);
  });

  it("keeps exit code and stderr, reports the code on a marked last line, and adds no job-control noise", async () => {
    const r = await asLoginShell(remoteCommand("echo oops >&2; exit 7"));
    expect(r).toEqual({ code: 7, signal: null, stdout: "", stderr: "oops\n\x1fdk-exit:7\n" });
  });

  it("gives the command no stdin of its own", async () => {
    expect((await asLoginShell(remoteCommand("cat; echo done"))).stdout).toBe("done\n");
  });

  it("asks sudo only when not already root", async () => {
    const line = remoteCommand("id -u", { sudo: true });
    expect(line).toContain("sudo -n --");
    if (process.getuid?.() === 0) expect((await asLoginShell(line)).stdout).toBe("0\n");
  });

  it("kills the command's whole process group when its stdin closes (the ssh client went away)", async () => {
    const marker = `dk-marker-${process.pid}-${Date.now()}`;
    const sleeps = `sh -c 'sleep 30; : ${marker}' & sh -c 'sleep 31; : ${marker}' & echo started; wait`;
    // collect fails the test at 20 s, well before the sleeps end: only the kill ends them sooner.
    const r = await asLoginShell(remoteCommand(sleeps), "started\n");
    expect(r.code).not.toBe(0);
    expect(await waitGone(marker)).toEqual([]);
  });
});
