// Finds what ran on a sandbox's hosts by the mark every session's environment carries: also a process its sshd no
// longer parents (a daemon in a session of its own, or a command of a sandbox whose owner was killed with SIGKILL).
import { readFileSync } from "node:fs";
import { signal } from "./process-tree.ts";
import { procEntries } from "./stale-dirs.ts";

/** The variable that marks every session of the sandbox in a directory (sshd's SetEnv): its value is the directory. */
export const MARK = "DK_SANDBOX_DIR";

// Rescans past this would mean processes forking faster than they are stopped; then what was found is killed.
const MAX_SCANS = 20;

// The processes (other than this one) whose environment holds `needle`; those it cannot read (another user's) are not.
function holding(needle: Buffer): number[] {
  const entries = procEntries().filter((entry) => Number(entry) !== process.pid);
  return entries.flatMap((entry) => {
    try {
      // A leading NUL, so the first variable is matched as the others are.
      const environ = Buffer.concat([Buffer.from([0]), readFileSync(`/proc/${entry}/environ`)]);
      return environ.includes(needle) ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

/**
 * Kills (SIGKILL) every process marked as a session of the sandbox in `dir`. Each is stopped when found, and found
 * again until no new one appears: one that forks meanwhile cannot leave a child unseen.
 */
export function killMarked(dir: string): void {
  const needle = Buffer.from(`\0${MARK}=${dir}\0`);
  const found = new Set<number>();
  for (let scan = 0; scan < MAX_SCANS; scan++) {
    const fresh = holding(needle).filter((pid) => !found.has(pid));
    if (fresh.length === 0) break;
    for (const pid of fresh) {
      found.add(pid);
      signal(pid, "SIGSTOP");
    }
  }
  for (const pid of found) signal(pid, "SIGKILL");
}
