import { readlinkSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { INSTALL, IN_THE_WAY } from "./rsync-causes.ts";
import { TransferError } from "./transfer-error.ts";
import { brokenLinkSays } from "./broken-link.ts";

/** rsync is not on this machine's PATH. */
export function rsyncMissingLocally(host: string | undefined): TransferError {
  return new TransferError(
    "rsync-missing-local",
    `rsync is not installed on this machine (not on PATH); install it ${INSTALL}`,
    host,
  );
}

/**
 * The local directory a download writes into cannot be made: `error` is what mkdir said of `at`, a part of it
 * (undefined: a file is at `dir` itself).
 */
export function localDirFailed(error: unknown, dir: string, host: string | undefined, at?: string): TransferError {
  const code = error === undefined ? "ENOTDIR" : (error as NodeJS.ErrnoException).code;
  const cannot = `cannot make the local directory ${dir}`;
  const cause = error === undefined ? {} : { cause: error };
  const parent = at === undefined ? undefined : dirname(at);
  if (code === "EEXIST" || code === "ENOTDIR") {
    // What is in the way: `at` itself when it exists, else a part above it; a symlink there is named as one, and a
    // file above `dir` by its path.
    const blocker = code === "EEXIST" ? (at ?? dir) : (parent ?? dir);
    const file = blocker === dir ? IN_THE_WAY : `${blocker} is in the way, not a directory; ${REMOVE}`;
    return new TransferError("failed", `${cannot}: ${brokenLink(blocker) ?? file}`, host, cause);
  }
  const said = error instanceof Error ? error.message : String(error);
  // mkdir says ENOENT of a parent that exists when its file system takes no new entries (/proc, /sys).
  if (code === "ENOENT" && parent !== undefined) {
    const why = `${parent} takes no new directories (${said})`;
    return new TransferError("failed", `${cannot}: ${why}; ${ELSEWHERE}`, host, cause);
  }
  if (code === "EROFS")
    return new TransferError("failed", `${cannot}: a read-only file system; ${ELSEWHERE}`, host, cause);
  const denied = code === "EACCES" || code === "EPERM";
  const kind = denied ? "permission-denied" : "failed";
  const fix = denied ? `; ${ELSEWHERE}, or run as a user who may write there` : "";
  return new TransferError(kind, `${cannot}: ${said}${fix}`, host, cause);
}

const ELSEWHERE = "choose a destination on a file system this machine can write to";
const REMOVE = "remove it, or choose another destination";

/**
 * The local source of an upload cannot be read: it does not exist, is a symlink to nothing or in a loop (names `ls`
 * shows), or is out of this user's reach. `error` is what stat said of it.
 */
export function localSourceMissing(
  path: string,
  host: string | undefined,
  error: unknown = statError(path),
): TransferError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EACCES" || code === "EPERM") {
    const said = (error as Error).message;
    const why = `cannot be read here (${said}); run as a user who may read it`;
    return new TransferError("permission-denied", `the local source ${path} ${why}`, host);
  }
  if (code === "ELOOP") {
    const why = "cannot be followed: its symlinks lead in a loop";
    return new TransferError("source-missing", `the local source ${path} ${why}`, host);
  }
  // `file.txt/` or `file.txt/x`: a file that a trailing `/` or a path below takes for a directory.
  if (code === "ENOTDIR") {
    const file = fileOnTheWay(path);
    const drop = file === trimmed(path) ? " (drop the trailing /)" : "";
    const why = `does not exist: ${file} is a file, not a directory${drop}`;
    return new TransferError("source-missing", `the local source ${path} ${why}`, host);
  }
  const target = linkTarget(path);
  const why = target === undefined ? "does not exist" : `is a symlink to ${target}, which does not exist`;
  return new TransferError("source-missing", `the local source ${path} ${why}`, host);
}

// The deepest part of `path` that is there (a file, for a path stat said ENOTDIR of). Bounded by the path's parts.
function fileOnTheWay(path: string): string {
  let at = trimmed(path);
  while (statError(at) !== undefined && dirname(at) !== at) at = dirname(at);
  return at;
}

// `path` without trailing slashes ("/" stays).
function trimmed(path: string): string {
  return path.replace(/(?<=.)\/+$/, "");
}

// What stat says of `path`: undefined when it is there.
function statError(path: string): unknown {
  try {
    statSync(path);
    return undefined;
  } catch (error) {
    return error;
  }
}

// Why a symlink at `path` is no directory to write into (it leads to nothing, or in a loop); undefined for no link.
function brokenLink(path: string): string | undefined {
  const target = linkTarget(path);
  const error = statError(path) as NodeJS.ErrnoException | undefined;
  if (target === undefined || error === undefined) return undefined;
  return brokenLinkSays(path, target, error.code === "ELOOP");
}

// What a symlink at `path` points to; undefined when there is none.
function linkTarget(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}
