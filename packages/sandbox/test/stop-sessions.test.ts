// stop() ends what runs on the sandbox hosts too: each connection's sshd and the commands in it, not only the listener.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { startSandbox, waitUntil } from "../src/index.ts";
import { sshArgv } from "./helpers/ssh-argv.ts";

// Running: /proc knows it and it is no zombie.
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

describe("sandbox.stop()", () => {
  it("ends a command still running over ssh, and the client's connection with it", async () => {
    const sandbox = await startSandbox({ hosts: 1 });
    const argv = sshArgv(sandbox);
    // The shell's PID is the sleep's: it execs it.
    const client = spawn("ssh", [...argv, sandbox.addresses[0]!, "echo $$; exec sleep 300"], { stdio: "pipe" });
    const closed = new Promise((resolve) => client.once("close", resolve));
    let pid = 0;
    try {
      pid = Number(await new Promise<string>((resolve) => client.stdout.once("data", (data) => resolve(`${data}`))));
      expect(alive(pid)).toBe(true);
      await sandbox.stop();
      await waitUntil(() => !alive(pid), "the remote command to end", 10_000);
      await closed;
    } finally {
      // When stop() left them, the test ends them: the remote command its sandbox ran, the client it started.
      if (pid > 0 && alive(pid)) process.kill(pid, "SIGKILL");
      client.kill();
      await sandbox.stop();
    }
  });
});
