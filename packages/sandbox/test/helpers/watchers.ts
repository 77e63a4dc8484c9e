import { readFileSync } from "node:fs";
import { procEntries, processStat } from "../../src/stale-dirs.ts";

/**
 * Kills (SIGKILL) the sandbox watchers that `owner` started: what it leaves when it dies is then left to the next
 * sandbox's start, as when its watcher was killed too (the OOM killer) or could not start. Returns how many.
 */
export function killWatchers(owner: number): number {
  const watchers = procEntries().filter((entry) => {
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      return processStat(Number(entry))?.parent === owner && cmdline.includes("\0dk-sandbox-watch\0");
    } catch {
      return false;
    }
  });
  for (const pid of watchers) process.kill(Number(pid), "SIGKILL");
  return watchers.length;
}
