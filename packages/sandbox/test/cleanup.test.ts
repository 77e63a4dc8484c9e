// What a sandbox leaves on the machine: private files while it runs, nothing after it, even without stop().
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collect, startSandbox, waitUntil } from "../src/index.ts";
import { killWatchers } from "./helpers/watchers.ts";

// Running: /proc knows it and it is no zombie (exited, not yet reaped by whoever inherited it).
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

describe("sandbox files", () => {
  it("are private to the user while it runs (0700 directory, 0600 key) and removed by stop()", async () => {
    const sandbox = await startSandbox({ hosts: 1 });
    const mode = (path: string) => statSync(path).mode & 0o777;
    try {
      expect([mode(sandbox.dir), mode(sandbox.key), mode(join(sandbox.dir, "host_key"))]).toEqual([
        0o700, 0o600, 0o600,
      ]);
      expect(statSync(sandbox.dir).uid).toBe(process.getuid?.());
    } finally {
      await sandbox.stop();
    }
    expect(existsSync(sandbox.dir)).toBe(false);
  });

  it("go, with its sshd, when the process exits without stop() (a second Ctrl-C, process.exit)", async () => {
    const source = JSON.stringify(new URL("../src/index.ts", import.meta.url).pathname);
    const script = `const { startSandbox } = await import(${source});
      const sandbox = await startSandbox({ hosts: 2 });
      console.log(JSON.stringify({ dir: sandbox.dir, pids: sandbox.pids }));
      process.exit(0);`;
    const r = await collect(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script]);
    const { dir, pids } = JSON.parse(r.stdout) as { dir: string; pids: number[] };
    expect(existsSync(dir)).toBe(false);
    await waitUntil(() => !pids.some(alive), "the sandbox sshd to end");
  });

  it("of a process and watcher killed with SIGKILL go at the next start, with the sshd left (no setpriv)", async () => {
    const source = JSON.stringify(new URL("../src/index.ts", import.meta.url).pathname);
    const script = `const { startSandbox } = await import(${source});
      const sandbox = await startSandbox({ hosts: 1 });
      console.log(JSON.stringify({ dir: sandbox.dir, pids: sandbox.pids }));
      setInterval(() => {}, 1000);`;
    // A PATH with ssh-keygen alone: no setpriv, so nothing ends the sshd with their owner.
    const bin = mkdtempSync(join(tmpdir(), "dk-no-setpriv-"));
    mkdirSync(join(bin, "bin"));
    symlinkSync("/usr/bin/ssh-keygen", join(bin, "bin/ssh-keygen"));
    let left = { dir: "", pids: [] as number[] };
    let watchers = 0;
    try {
      await collect(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        env: { ...process.env, PATH: join(bin, "bin") },
        // This test's own child, by its PID, once its sandbox runs, and its watcher first: the next start is left.
        onOutput: { text: "\n", act: (child) => (watchers = killWatchers(child.pid!)) && child.kill("SIGKILL") },
        onSpawn: (child) => child.stdout!.once("data", (line: string) => (left = JSON.parse(line) as typeof left)),
      });
      expect([watchers, left.pids.every(alive)]).toEqual([1, true]);
      const next = await startSandbox({ hosts: 1 });
      await next.stop();
      expect(existsSync(left.dir)).toBe(false);
      await waitUntil(() => !left.pids.some(alive), "the killed sandbox's sshd to end");
    } finally {
      // When they outlived the start, the test ends them (they are its child's).
      for (const pid of left.pids.filter(alive)) process.kill(pid, "SIGTERM");
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
