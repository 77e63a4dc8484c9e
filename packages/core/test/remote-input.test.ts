// The remote script's side of `input`, run by a local shell as sshd would run it: the framed input is unframed into
// the command, and stdin's end still stops the command, whatever the command did with its input.
import type { ChildProcess } from "node:child_process";
import { collect } from "@deploykit/sandbox";
import { beforeEach, describe, expect, it } from "vitest";
import { remoteCommand } from "../src/ssh/remote-command.ts";

// Runs `line` with stdin open; `frames` are written at once, stdin ends once stdout shows `close` (without it, stdin
// stays open as the ssh client keeps it until the command ends).
let shell = "sh";
function run(line: string, frames: string, close?: string) {
  return collect(shell, ["-c", line], {
    openStdin: true,
    timeoutMs: 20_000,
    onSpawn: (child: ChildProcess) => void child.stdin?.write(frames),
    ...(close !== undefined && { onOutput: { text: close, act: (child: ChildProcess) => void child.stdin?.end() } }),
  });
}

// The login shell: sh (dash here, which execs bash) or bash (which runs the script itself).
describe.each(["sh", "bash"])("remoteCommand with input, login shell %s", (loginShell) => {
  beforeEach(() => void (shell = loginShell));

  it("hands the command exactly the framed bytes, then the end of its input", async () => {
    // stdin stays open: closing it at "read-all" raced the command's exit against the kill that stdin's end sends.
    const r = await run(remoteCommand("cat; echo; echo read-all", { input: true }), "3\nabc4\n0\n\n\n0\n");
    expect(r).toMatchObject({ code: 0, stdout: "abc0\n\n\n\nread-all\n" });
  });

  it("stops a command that closed its stdin and runs on, when stdin ends, even after input it never read", async () => {
    const script = remoteCommand("exec 0<&-; echo started; sleep 30", { input: true });
    const started = Date.now();
    const r = await run(script, "6\n0\nx\n\n0\n", "started");
    expect(r.code).toBe(143);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("reads the sudo password line first, then frames", () => {
    const script = remoteCommand("cat", { input: true, sudo: true, sudoPasswordOnStdin: true });
    expect(script.indexOf("-r pw;")).toBeGreaterThan(0);
    expect(script.indexOf("-r pw;")).toBeLessThan(script.indexOf("coproc"));
    expect(script).toContain("exec cat; } | exec sudo -S");
  });
});
