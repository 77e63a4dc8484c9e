import { lstatSync, mkdirSync, readlinkSync, type Stats } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";

// Symlinks followed while checking one path; more means a loop.
const MAX_LINKS = 40;
const STICKY = 0o1000;
const GROUP_OR_OTHER_WRITE = 0o022;

/**
 * Creates `dir` (0700) if it is missing, then says why it is not private, or undefined when it is: `dir` is this
 * user's and no one else can write it, and every directory and symlink on the way to it is this user's or root's
 * and writable by no one else (or sticky, as /tmp is), so no other user can add, replace or rename what is kept there.
 */
export function privateDirProblem(dir: string): string | undefined {
  const me = process.geteuid?.();
  // No user ids (Windows): nothing to check against.
  if (me === undefined) return undefined;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    // Already there as something else, or not creatable: the walk below says which.
  }
  return walk(resolve(dir), me);
}

/**
 * Why a file or directory's owner or mode lets someone other than this user (or root, for `ownerMayBeRoot`) change it.
 */
export function ownerProblem(path: string, stats: Stats, me: number, ownerMayBeRoot: boolean): string | undefined {
  if (stats.uid !== me && !(ownerMayBeRoot && stats.uid === 0))
    return `${path} belongs to uid ${stats.uid}, not to you (uid ${me})`;
  if ((stats.mode & GROUP_OR_OTHER_WRITE) !== 0)
    return `${path} is writable by others (mode ${(stats.mode & 0o7777).toString(8)})`;
  return undefined;
}

// Follows `path` one name at a time from the root, checking each directory and symlink it passes through (lstat:
// a symlink is judged itself, then its target), so a path that is private only through a link is caught too.
function walk(path: string, me: number): string | undefined {
  const names = path.split("/").filter((name) => name !== "");
  let here = "/";
  let links = 0;
  const rootProblem = directoryProblem(here, lstatSync(here), me, false);
  if (rootProblem !== undefined) return rootProblem;
  while (names.length > 0) {
    const name = names.shift()!;
    if (name === ".") continue;
    const next = name === ".." ? dirname(here) : join(here, name);
    let stats: Stats;
    try {
      stats = lstatSync(next);
    } catch (error) {
      return `cannot use ${next} (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
    }
    if (stats.isSymbolicLink()) {
      if (stats.uid !== me && stats.uid !== 0)
        return `${next} is a symlink that belongs to uid ${stats.uid}, not to you (uid ${me})`;
      if (++links > MAX_LINKS) return `too many symlinks on the way to ${path}`;
      const target = readlinkSync(next);
      names.unshift(...target.split("/").filter((part) => part !== ""));
      if (isAbsolute(target)) here = "/";
      continue;
    }
    const problem = directoryProblem(next, stats, me, false);
    if (problem !== undefined) return problem;
    here = next;
  }
  // Where the walk ended is the directory itself, held to the stricter rule.
  return directoryProblem(here, lstatSync(here), me, true);
}

// The directory itself must be this user's; one on the way may be root's, and writable by all when sticky (no one
// can then rename or remove another's entries).
function directoryProblem(path: string, stats: Stats, me: number, last: boolean): string | undefined {
  if (!stats.isDirectory()) return `${path} is not a directory`;
  if (!last && (stats.mode & STICKY) !== 0 && (stats.uid === me || stats.uid === 0)) return undefined;
  return ownerProblem(path, stats, me, !last);
}
