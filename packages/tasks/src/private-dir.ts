import { lstatSync, mkdirSync, readlinkSync, type Stats } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { shownPath } from "./format/display-path.ts";
import { groupIsPrivateTo } from "./private-group.ts";

// Symlinks followed while checking one path; more means a loop.
const MAX_LINKS = 40;
const STICKY = 0o1000;
const GROUP_WRITE = 0o020;
const OTHER_WRITE = 0o002;

/**
 * Creates `dir` (0700) if it is missing, then says why it is not private, or undefined when it is: `dir` is this
 * user's and no one else can write it, and every directory and symlink on the way to it is this user's or root's
 * and writable by no one else (or sticky, as /tmp is), so no other user can add, replace or rename what is kept there.
 * A directory that would be refused is not made: nothing is left where another user can write.
 */
export function privateDirProblem(dir: string): string | undefined {
  const me = process.geteuid?.();
  // No user ids (Windows): nothing to check against.
  if (me === undefined) return undefined;
  const path = resolve(dir);
  const nearest = existing(path);
  if (nearest !== path) {
    const way = walkTo(nearest, [me, 0]);
    const problem = "problem" in way ? way.problem : directoryProblem(way.path, way.stats, [me, 0], false);
    if (problem !== undefined) return problem;
  }
  const unmade = nearest === path ? undefined : makeBelow(nearest, path);
  if (unmade !== undefined) return unmade;
  const end = walkTo(path, [me, 0]);
  // Where the walk ended is the directory itself, held to the stricter rule.
  return "problem" in end ? end.problem : directoryProblem(end.path, end.stats, [me], true);
}

/**
 * Why a file or directory's owner or mode lets someone other than `owners` (the first is this user) change it.
 */
export function ownerProblem(path: string, stats: Stats, owners: readonly number[]): string | undefined {
  if (!owners.includes(stats.uid))
    return `${shownPath(path)} belongs to uid ${stats.uid}, not to you (uid ${owners[0]})`;
  const mode = (stats.mode & 0o7777).toString(8);
  if ((stats.mode & OTHER_WRITE) !== 0) return `${shownPath(path)} is writable by others (mode ${mode})`;
  // A group only its owner can be in (a user private group, umask 002) lets no one else write.
  if ((stats.mode & GROUP_WRITE) !== 0 && !groupIsPrivateTo(stats.gid, stats.uid))
    return `${shownPath(path)} is writable by others (mode ${mode}, group ${stats.gid}, which others can be in)`;
  return undefined;
}

/** Where a walk ended (never a symlink) and what it is, or why it stopped on the way. */
export type WalkEnd = { readonly path: string; readonly stats: Stats } | { readonly problem: string };

/**
 * Follows absolute `path` one name at a time from the root, checking each directory and symlink it passes through
 * (lstat: a symlink is judged itself, then its target): each must belong to one of `owners` and be writable by no one
 * else, or be a sticky directory of theirs. So a path that is safe only through a link is caught too. The end itself
 * is left to the caller.
 */
export function walkTo(path: string, owners: readonly number[]): WalkEnd {
  const names = path.split("/").filter((name) => name !== "");
  let here = "/";
  let links = 0;
  const rootProblem = directoryProblem(here, lstatSync(here), owners, false);
  if (rootProblem !== undefined) return { problem: rootProblem };
  while (names.length > 0) {
    const name = names.shift()!;
    if (name === ".") continue;
    const next = name === ".." ? dirname(here) : join(here, name);
    let stats: Stats;
    try {
      stats = lstatSync(next);
    } catch (error) {
      return { problem: `cannot use ${shownPath(next)} (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
    }
    if (stats.isSymbolicLink()) {
      if (!owners.includes(stats.uid))
        return {
          problem: `${shownPath(next)} is a symlink that belongs to uid ${stats.uid}, not to you (uid ${owners[0]})`,
        };
      if (++links > MAX_LINKS) return { problem: `too many symlinks on the way to ${shownPath(path)}` };
      const target = readlinkSync(next);
      names.unshift(...target.split("/").filter((part) => part !== ""));
      if (isAbsolute(target)) here = "/";
      continue;
    }
    if (names.length === 0) return { path: next, stats };
    const problem = directoryProblem(next, stats, owners, false);
    if (problem !== undefined) return { problem };
    here = next;
  }
  return { path: here, stats: lstatSync(here) };
}

// A directory on the way may be sticky (no one can then rename or remove another's entries); the end may not.
function directoryProblem(path: string, stats: Stats, owners: readonly number[], end: boolean): string | undefined {
  if (!stats.isDirectory()) return `${shownPath(path)} is not a directory`;
  if (!end && (stats.mode & STICKY) !== 0 && owners.includes(stats.uid)) return undefined;
  return ownerProblem(path, stats, owners);
}

/**
 * Makes the directories (0700) from below `nearest`, which exists, down to `path`, one at a time: Node's recursive
 * mkdir retries forever where mkdir fails with ENOENT under an existing directory, as in /proc.
 */
function makeBelow(nearest: string, path: string): string | undefined {
  let at = nearest;
  for (const name of path
    .slice(nearest.length)
    .split("/")
    .filter((part) => part !== "")) {
    at = join(at, name);
    try {
      mkdirSync(at, { mode: 0o700 });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Made meanwhile by another dk, or there as something else: the walk after says which.
      if (code !== "EEXIST") return `cannot make ${at} (${code ?? String(error)})`;
    }
  }
  return undefined;
}

// `path` when it exists (as anything, a dangling symlink too), else the nearest directory above it that does.
function existing(path: string): string {
  let at = path;
  while (missing(at) && dirname(at) !== at) at = dirname(at);
  return at;
}

// Only ENOENT: a file on the way (ENOTDIR) or a directory that cannot be searched stops there, for the walk to say.
function missing(path: string): boolean {
  try {
    lstatSync(path);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT";
  }
}
