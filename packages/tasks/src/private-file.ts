import { randomBytes } from "node:crypto";
import { closeSync, constants, fstatSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { ownerProblem } from "./private-dir.ts";
import { withSignalsHeld } from "./signals-held.ts";

/**
 * The bytes of `path` when it is a regular file of this user that no one else can write; undefined when it is
 * absent, or (traced) when it is not such a file. Opened without following a symlink and checked through the
 * open descriptor, so what is checked is what is read.
 */
export function readPrivateFile(path: string, trace?: (message: string) => void): Buffer | undefined {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO planted under the name must not hang dk.
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT")
      trace?.(`ignoring ${path}: ${code === "ELOOP" ? "it is a symlink" : (error as Error).message}`);
    return undefined;
  }
  try {
    const stats = fstatSync(fd);
    const me = process.geteuid?.();
    const problem = !stats.isFile()
      ? `${path} is not a regular file`
      : me === undefined
        ? undefined
        : ownerProblem(path, stats, [me]);
    if (problem !== undefined) {
      trace?.(`ignoring ${path}: ${problem}`);
      return undefined;
    }
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces `path` with `data` in one rename, so no reader sees half a file. The temporary file has a random name
 * and is created exclusively with `mode`: a file or symlink planted under any name is never written through.
 */
export function writeFileAtomically(path: string, data: string | Buffer, mode: number): void {
  const temporary = `${path}.${randomBytes(8).toString("hex")}.tmp`;
  // A Ctrl-C in between would leave the temporary file for good: it ends dk once the rename is done.
  withSignalsHeld(() => {
    const fd = openSync(
      temporary,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      mode,
    );
    try {
      try {
        writeFileSync(fd, data);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, path);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  });
}
