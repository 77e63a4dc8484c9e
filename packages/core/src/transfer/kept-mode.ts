import { chmodSync, statSync } from "node:fs";

/**
 * The mode of a directory here that a download is about to mirror into, to put back after it: rsync gives the
 * destination the source's mode (a shared /tmp or your home would lose theirs). Undefined when there is none.
 */
export function keptMode(dir: string): number | undefined {
  try {
    const stat = statSync(dir);
    return stat.isDirectory() ? stat.mode & 0o7777 : undefined;
  } catch {
    return undefined;
  }
}

/** Puts back a mode `keptMode` read, if it read one. */
export function restoreMode(dir: string, mode: number | undefined): void {
  if (mode === undefined) return;
  try {
    chmodSync(dir, mode);
  } catch {
    // Gone or no longer ours: the transfer's own outcome says what happened.
  }
}
