// What a sandbox leaves on the machine: private files while it runs, nothing after it, even without stop().
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collect, startSandbox, waitUntil } from "../src/index.ts";

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
});
