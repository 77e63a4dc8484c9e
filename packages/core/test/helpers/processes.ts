import { spawnSync } from "node:child_process";

/** PIDs of processes whose command line contains `marker` (pgrep never lists itself). */
export function pidsMatching(marker: string): number[] {
  const r = spawnSync("pgrep", ["-f", marker], { encoding: "utf8" });
  return r.stdout.split("\n").filter(Boolean).map(Number);
}

/** PIDs of the children of `parents`: for a sandbox's listeners, the sshd processes serving its connections. */
export function childrenOf(parents: readonly number[]): number[] {
  return parents.flatMap((pid) =>
    spawnSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .stdout.split("\n")
      .filter(Boolean)
      .map(Number),
  );
}

/**
 * Waits until no process matches `marker`, up to `timeoutMs` (generous: a busy machine is slow to reap); returns what
 * is left.
 */
export async function waitGone(marker: string, timeoutMs = 20_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let left = pidsMatching(marker);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    left = pidsMatching(marker);
  }
  return left;
}

/** A marker unique to this test run, to find the processes a test started. */
export function marker(name: string): string {
  return `dk-test-${name}-${process.pid}-${Date.now()}`;
}
