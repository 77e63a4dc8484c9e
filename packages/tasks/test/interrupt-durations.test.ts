// Ctrl-C while every host runs: the summary shows how long each host ran until it was stopped, not 0.0 s. The
// signal goes only once every host has printed (not after a fixed delay), so a busy machine changes nothing.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { useFleet } from "./helpers/fleet.ts";
import { dkBin, fixture, tempDir } from "./helpers/paths.ts";

const fleet = useFleet({ hosts: 3 });

describe("dk interrupted while every host runs", () => {
  it("SIGINT: exit 130, and each host's row shows the time it ran", { timeout: 120_000 }, async () => {
    const marker = `dk-durations-${process.pid}`;
    const args = [dkBin, "-f", fixture("fleet"), "sleepy", ...fleet.hostFlags(), "--marker", marker];
    const env = { ...process.env, NO_COLOR: "1", DK_CACHE_DIR: tempDir("dk-cache-") };
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let sent = false;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!sent && (stdout.match(/^\[127\.0\.0\.\d+\] started$/gm) ?? []).length === 3) {
        sent = true;
        child.kill("SIGINT");
      }
    });
    child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
    // Bounded: whatever happens, dk is gone after 100 s.
    const guard = setTimeout(() => child.kill("SIGKILL"), 100_000);
    const [code] = (await once(child, "exit")) as [number | null];
    clearTimeout(guard);
    expect(sent, `${stdout}\n${stderr}`).toBe(true);
    expect(code, stderr).toBe(130);
    const rows = [...stdout.matchAll(/^127\.0\.0\.\d+ +failed +- +(\d+\.\d)s +interrupted$/gm)];
    expect(rows, stdout).toHaveLength(3);
    for (const [, time] of rows) expect(Number(time), stdout).toBeGreaterThan(0);
  });
});
