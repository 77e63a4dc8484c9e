// Ends what a sandbox's sshd started: each connection's processes and the commands run in them. sshd puts every
// connection in a session of its own, so no process group holds them: they are found by parent PID in /proc.
import { readdirSync } from "node:fs";
import { processStat } from "./stale-dirs.ts";

// Rescans past this would mean processes forking faster than they are stopped; then what was found is killed.
const MAX_SCANS = 20;

// Every process's parent, from /proc/<pid>/stat.
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    // No /proc (not Linux): nothing is found, only the sshd themselves end.
    return map;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = processStat(Number(entry))?.parent;
    // Undefined: it ended meanwhile.
    if (parent !== undefined) map.set(Number(entry), parent);
  }
  return map;
}

/** Sends `name` to `pid`: whether it went (false: the process ended meanwhile). */
export function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    return process.kill(pid, name);
  } catch {
    return false;
  }
}

/**
 * Kills every descendant of `roots` (not the roots themselves) with SIGKILL. They are stopped first, found again
 * until no new one appears, then killed: a process that forks meanwhile cannot hand a child to init unseen.
 */
export function killDescendants(roots: readonly number[]): void {
  const found = new Set<number>();
  for (let scan = 0; scan < MAX_SCANS; scan++) {
    const before = found.size;
    const tree = new Set([...roots, ...found]);
    for (const [pid, parent] of parents()) {
      if (tree.has(parent) && !found.has(pid)) {
        found.add(pid);
        tree.add(pid);
        signal(pid, "SIGSTOP");
      }
    }
    if (found.size === before) break;
  }
  for (const pid of found) signal(pid, "SIGKILL");
}
