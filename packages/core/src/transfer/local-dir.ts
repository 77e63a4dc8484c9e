import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { localDirFailed } from "./local-errors.ts";
import { localLinkTarget } from "./local-link.ts";
import { localKind } from "./paths.ts";

/**
 * Makes the directory a download writes into here, and its missing parents, one at a time from the deepest one that
 * exists: Node's recursive mkdir spins forever under a directory that takes no new entries (/proc). A failure is a
 * `TransferError` naming `dir`; where `dir` is a symlink to nothing, the directory made is where it leads.
 */
export function makeLocalDir(dir: string, tag: string): void {
  // A symlink to nothing: the directory it names, as a file onto one makes the file it names (`localLinkTarget`).
  const made = localKind(dir) === undefined ? (localLinkTarget(resolve(dir)) ?? dir) : dir;
  const missing: string[] = [];
  // Bounded: each step drops one part of the path, and "/" is its own dirname.
  for (let at = resolve(made); localKind(at) === undefined && dirname(at) !== at; at = dirname(at)) missing.unshift(at);
  for (const path of missing) {
    try {
      mkdirSync(path);
    } catch (error) {
      // Made meanwhile (another download into the same place) is as good as made here.
      if ((error as NodeJS.ErrnoException).code === "EEXIST" && localKind(path) === "dir") continue;
      throw localDirFailed(error, dir, tag, path);
    }
  }
  // A file (or a symlink to one) at `dir` itself.
  if (localKind(made) !== "dir") throw localDirFailed(undefined, dir, tag);
}
