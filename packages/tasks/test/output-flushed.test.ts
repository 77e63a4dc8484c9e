// dk ends with process.exit: what a pipe's reader had not taken by then was lost (a task's large output cut at 64 KiB,
// a report after it gone). dk now waits until its stdout and stderr are written.
import { spawn } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dkBin, fixture, tempDir } from "./helpers/paths.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

// Runs dk with a stdout nobody reads until dk has exited, or 1 s after the task's mark on stderr: a dk that exits
// without waiting has exited by then, one that waits is still there.
function slowReader(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [dkBin, ...args], {
    env: { ...process.env, NO_COLOR: "1", DK_CACHE_DIR: tempDir("dk-cache-") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pause();
  let stdout = "";
  let stderr = "";
  let reading = false;
  const read = () => {
    if (reading) return;
    reading = true;
    child.stdout.on("data", (chunk: Buffer) => void (stdout += chunk.toString())).resume();
  };
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.includes("written\n")) setTimeout(read, 1000).unref();
  });
  child.on("exit", read);
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

describe("dk's exit", () => {
  it("waits for a slow reader of its stdout: a task's megabyte arrives whole, and then the report", async () => {
    const result = await slowReader(["-f", fixture("reports"), "bulky"]);
    expect(result.code).toBe(1);
    expect(result.stdout.length).toBe(1_000_001);
    expect(result.stderr).toContain('dk: task "bulky" failed: Error: after the output\n');
  }, 60_000);
});
