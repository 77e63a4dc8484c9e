import { statSync } from "node:fs";
import { TransferError } from "./transfer-error.ts";

// What `ls -l` (and rsync's listing) shows first for each kind of file rsync does not copy without --specials and
// --devices, which would only print "skipping non-regular file" and succeed having copied nothing.
const SPECIAL: Readonly<Record<string, string>> = {
  c: "a character device",
  b: "a block device",
  p: "a named pipe",
  s: "a socket",
};

/** What a local path (a symlink followed) is when rsync would skip it: a device, a pipe, a socket; else undefined. */
export function localSpecial(path: string): string | undefined {
  try {
    const stat = statSync(path);
    if (stat.isFile() || stat.isDirectory()) return undefined;
    return SPECIAL[stat.isCharacterDevice() ? "c" : stat.isBlockDevice() ? "b" : stat.isFIFO() ? "p" : "s"];
  } catch {
    return undefined;
  }
}

/** The same of an entry rsync listed (`crw-rw-rw- 0 2026/01/01 00:00:00 null`). Pure. */
export function listedSpecial(listing: string): string | undefined {
  return SPECIAL[listing.charAt(0)];
}

/** A transfer's source that is a device, a pipe or a socket: nothing would be copied, and rsync would not say so. */
export function specialSource(side: "local" | "remote", path: string, what: string, host: string | undefined) {
  const why = `is ${what}, which rsync does not copy; name a regular file or a directory`;
  return new TransferError("failed", `the ${side} source ${path} ${why}`, host);
}
