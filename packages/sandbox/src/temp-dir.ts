import { lstatSync, mkdtempSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const ELSEWHERE = "set TMPDIR to a directory of yours that no other user can write (unset, it is /tmp)";
const SWAP = "another user could swap the sandbox's directory for one of theirs and log in to its hosts as you";

/** The temp directory cannot hold a sandbox's directory (safely); `why` says what is wrong with `path`. */
export class UnsafeTempDirError extends Error {
  override readonly name = "UnsafeTempDirError";
  constructor(
    readonly path: string,
    readonly why: string,
    fix: string,
  ) {
    super(`the temp directory ${path} ${why}: ${fix}`);
  }
}

/**
 * The temp directory's real path, once each directory on it is safe: another user who may rename entries of one could
 * swap a sandbox's directory for one of theirs, whose authorized_keys its sshd would then read. So each belongs to
 * root or this user, and one that every user may write has the sticky bit, as /tmp.
 */
export function checkedTempDir(): string {
  const given = tmpdir();
  let real: string;
  try {
    real = realpathSync(given);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    throw new UnsafeTempDirError(
      given,
      "does not exist",
      "create it, or set TMPDIR to a directory that does (unset, it is /tmp)",
    );
  }
  if (!lstatSync(real).isDirectory()) throw new UnsafeTempDirError(given, "is not a directory", ELSEWHERE);
  const uid = process.getuid?.();
  for (let path = real; ; path = dirname(path)) {
    const { uid: owner, mode } = lstatSync(path);
    // The directory itself, or the one above it that is at fault.
    const shown = real === given ? given : `${given} (${real})`;
    const which = path === real ? "" : `is under ${path}, which `;
    if (uid !== undefined && owner !== 0 && owner !== uid) {
      throw new UnsafeTempDirError(shown, `${which}belongs to uid ${owner}`, `${SWAP}; ${ELSEWHERE}`);
    }
    if ((mode & 0o002) !== 0 && (mode & 0o1000) === 0) {
      const octal = (mode & 0o7777).toString(8).padStart(4, "0");
      const why = `${which}is writable by every user without the sticky bit (mode ${octal})`;
      throw new UnsafeTempDirError(shown, why, `${SWAP}; chmod +t ${path}, or ${ELSEWHERE}`);
    }
    if (path === dirname(path)) return real;
  }
}

/** A new private directory `prefix…` in `parent`, the checked temp directory. */
export function makeTempDir(prefix: string, parent = checkedTempDir()): string {
  return mkdtempSync(join(parent, prefix));
}
