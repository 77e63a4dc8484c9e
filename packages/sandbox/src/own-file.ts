// Reads a small file from a shared directory, where anything may be planted: never through a symlink, never a FIFO
// that would block, and only a regular file of this user no bigger than asked.
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

/** The text (and inode) of `path` when it is a regular file of this user of at most `max` bytes; else undefined. */
export function readOwnFile(path: string, max: number): { readonly text: string; readonly ino: number } | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.uid !== process.getuid?.() || stat.size > max) return undefined;
    const buffer = Buffer.alloc(max);
    return { text: buffer.subarray(0, readSync(fd, buffer, 0, max, 0)).toString("utf8"), ino: stat.ino };
  } finally {
    closeSync(fd);
  }
}
