import { realpathSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { posix, resolve } from "node:path";

/**
 * Where a transfer's paths lead, the same both ways. A directory source is mirrored: its contents become the
 * destination (`upload("build", "/srv/app")` makes /srv/app a copy of build, with or without trailing slashes). A file
 * source goes into the destination when that ends in `/` or is an existing directory, else becomes the destination.
 * Missing parent directories are made.
 */
export type PathPlan = {
  /** rsync's source: a directory with a trailing `/` (its contents). */
  readonly source: string;
  /** rsync's destination: with a trailing `/` when it is a directory. */
  readonly destination: string;
  /** The directory to make before the transfer. */
  readonly dir: string;
};

/** What is at a local path: a directory, something else (a file, a symlink to one), or nothing. */
export function localKind(path: string): "dir" | "file" | undefined {
  try {
    return statSync(path).isDirectory() ? "dir" : "file";
  } catch {
    return undefined;
  }
}

/** The paths for copying `source` (a file or a directory) to `destination`. Pure. */
export function planPaths(source: string, sourceIsDir: boolean, destination: string): PathPlan {
  const src = trimSlashes(source);
  if (sourceIsDir) return { source: `${src}/`, destination: `${trimSlashes(destination)}/`, dir: destination };
  // (A destination that is an existing directory rsync itself writes into.)
  if (destination.endsWith("/")) {
    return { source: src, destination: `${trimSlashes(destination)}/`, dir: destination };
  }
  return { source: src, destination, dir: posix.dirname(destination) };
}

/** A local path rsync cannot mistake for a remote one (`a:b` would be): absolute. */
export function localPath(path: string): string {
  return `${resolve(path)}${path.endsWith("/") && path !== "/" ? "/" : ""}`;
}

/**
 * A local path as a shell reads it: a leading `~` or `~/` is your home (`$HOME`), since rsync, given paths as they are,
 * would make a directory named `~`. Another user's (`~bob/x`) is refused, as on the host.
 */
export function expandHome(path: string): string {
  const home = homeOf(path);
  if (home === undefined) return path;
  if (home !== "") throw notExpanded("local", path, home);
  return `${homedir()}${path.slice(1)}`;
}

/** The user named by a leading `~` ("" for one's own), or undefined for a path that does not start with one. Pure. */
export function homeOf(path: string): string | undefined {
  return /^~([^/]*)(\/|$)/.exec(path)?.[1];
}

/** The error for a path naming another user's home, which neither side expands. */
export function notExpanded(side: "local" | "remote", path: string, user: string): TypeError {
  const name = path.split("/")[0];
  return new TypeError(
    `${side} path \`${path}\`: \`~${user}\` is not expanded; give the path absolute (or \`./${name}\` for a file ` +
      "of that name)",
  );
}

// Where a local path leads, its symlinks followed; as written (absolute) where it does not exist yet.
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

// "a/b//" → "a/b"; "/" stays "/".
function trimSlashes(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed === "" && path.startsWith("/") ? "/" : trimmed;
}

/**
 * Refuses to mirror a directory with `delete` into a whole tree: the root, or a home (the login user's on the host,
 * where `~` and `.` lead; yours here), where everything the source lacks (ssh keys included) would be removed. The
 * host's own script refuses the other names of its home and root (`mirrorCheck`).
 */
export function assertMirrorTarget(direction: "upload" | "download", source: string, destination: string): void {
  const refused = mirrorRefusal(direction, source, destination);
  if (refused !== undefined) throw refused;
}

/** The `TypeError` `assertMirrorTarget` throws, or undefined; here, symlinks are followed to where they lead. */
export function mirrorRefusal(direction: "upload" | "download", source: string, destination: string) {
  const side = direction === "upload" ? "on the host" : "here";
  const where =
    direction === "upload"
      ? { "/": "/", ".": "the login user's home" }[posix.normalize(trimSlashes(destination))]
      : { "/": "/", [real(homedir())]: `your home (${homedir()})` }[real(destination)];
  if (where === undefined) return undefined;
  return new TypeError(
    `Refusing to mirror ${source} into ${where} ${side} with \`delete\`: everything there that ${source}` +
      " does not have would be removed; name the directory to mirror (e.g. /srv/app)",
  );
}
