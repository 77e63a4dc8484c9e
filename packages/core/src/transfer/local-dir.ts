import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { localDirFailed } from "./local-errors.ts";
import { localKind } from "./paths.ts";

/**
 * Makes the directory a download writes into here, and its missing parents, one at a time from the deepest one that
 * exists: Node's recursive mkdir spins forever under a directory that takes no new entries (/proc). A failure is a
 * `TransferError` naming `dir`.
 */
export function makeLocalDir(dir: string, tag: string): void {
  const missing: string[] = [];
  // Bounded: each step drops one part of the path, and "/" is its own dirname.
  for (let at = resolve(dir); localKind(at) === undefined && dirname(at) !== at; at = dirname(at)) missing.unshift(at);
  for (const path of missing) {
    try {
      mkdirSync(path);
    } catch (error) {
      // Made meanwhile (another download into the same place) is as good as made here.
      if ((error as NodeJS.ErrnoException).code === "EEXIST" && localKind(path) === "dir") continue;
      throw localDirFailed(error, dir, tag, dirname(path));
    }
  }
  // A file (or a symlink to one) at `dir` itself.
  if (localKind(dir) !== "dir") throw localDirFailed(undefined, dir, tag);
}
