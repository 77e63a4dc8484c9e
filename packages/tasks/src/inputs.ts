import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import type { Input } from "./types.ts";

// A file changed within this long of being stamped could change again within the same timestamp tick unseen
// (file times advance in coarse steps), so its stamp is left out and its content is hashed on each check.
const SETTLE_NS = 2_000_000_000n;

/**
 * The inputs (paths relative to `file`'s directory) if each still has the content it was hashed with, or is still
 * absent; undefined when one changed, and for a list that does not name `file` itself (an empty one included). A file
 * whose stamp (device, inode, size, change and modification times) is the recorded one is not read again: no write
 * leaves all five unchanged. A file read because its stamp moved (a touch, a checkout, a copy) comes back with its new
 * stamp, in a new list, for the caller to keep: else it would be read on every check.
 */
export function freshInputs(file: string, inputs: readonly Input[], now = Date.now()): readonly Input[] | undefined {
  const base = dirname(file);
  if (!Array.isArray(inputs) || !inputs.every(isInput)) return undefined;
  const paths = inputs.map((input) => under(base, input.path));
  if (!paths.includes(file)) return undefined;
  let restamped: Input[] | undefined;
  for (const [i, input] of inputs.entries()) {
    const path = paths[i]!;
    if (input.stamp !== undefined && input.stamp === currentStamp(path)) continue;
    // Stamped before the read: a write in between changes the stamp, so the next check hashes.
    const stamp = settledStamp(path, now);
    if ((hashFile(path) ?? "") !== input.hash) return undefined;
    if (stamp !== undefined) (restamped ??= [...inputs])[i] = { path: input.path, hash: input.hash, stamp };
  }
  return restamped ?? inputs;
}

/** `files` as inputs: paths relative to `base`, with the sha256 of their content now ("" for a file that is absent). */
export function hashInputs(base: string, files: readonly string[], now = Date.now()): Input[] {
  return [...new Set(files)].map((path) => {
    // Stamped before the read: a write in between changes the stamp, so the next check hashes.
    const stamp = settledStamp(path, now);
    return withStamp({ path: relative(base, path), hash: hashFile(path) ?? "" }, stamp);
  });
}

/** An input for a file whose `bytes` were read (after `stamp` was taken) and hashed elsewhere, e.g. by a compiler. */
export function readInput(base: string, path: string, bytes: Buffer, stamp: string | undefined): Input {
  return withStamp({ path: relative(base, path), hash: sha256(bytes) }, stamp);
}

/** The stamp of `path` if it was old enough at `now` to be trusted (see SETTLE_NS); undefined when absent or recent. */
export function settledStamp(path: string, now = Date.now()): string | undefined {
  const stats = absentAsUndefined(() => statSync(path, { bigint: true, throwIfNoEntry: false }));
  if (stats === undefined) return undefined;
  const newest = stats.mtimeNs > stats.ctimeNs ? stats.mtimeNs : stats.ctimeNs;
  return BigInt(now) * 1_000_000n - newest < SETTLE_NS ? undefined : stamp(stats);
}

/** The stamp of `path` itself now (a symlink's own, never its target's); undefined when it is absent. */
export function stampOf(path: string): string | undefined {
  const stats = absentAsUndefined(() => lstatSync(path, { bigint: true, throwIfNoEntry: false }));
  return stats === undefined ? undefined : stamp(stats);
}

export function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

// `resolve(base, path)` for an absolute, normalized `base` and a path `relative()` made: a check can join a hundred or
// more on every run, and this costs a fraction of a general resolve.
function under(base: string, path: string): string {
  if (path.startsWith("/")) return resolve(path);
  const parts = base === "/" ? [""] : base.split("/");
  for (const part of path.split("/")) {
    if (part === "..") {
      if (parts.length > 1) parts.pop();
    } else if (part !== "." && part !== "") parts.push(part);
  }
  return parts.length === 1 ? "/" : parts.join("/");
}

function currentStamp(path: string): string | undefined {
  const stats = absentAsUndefined(() => statSync(path, { bigint: true, throwIfNoEntry: false }));
  return stats === undefined ? undefined : stamp(stats);
}

// A file is absent also when a directory on its way is now a file (ENOTDIR): a stale input, as a missing one.
function absentAsUndefined<T>(read: () => T | undefined): T | undefined {
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
    throw error;
  }
}

function stamp(stats: { dev: bigint; ino: bigint; size: bigint; mtimeNs: bigint; ctimeNs: bigint }): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
}

function withStamp(input: Input, stamp: string | undefined): Input {
  return stamp === undefined ? input : { ...input, stamp };
}

function isInput(input: Input): boolean {
  return (
    typeof input?.path === "string" &&
    typeof input.hash === "string" &&
    (input.stamp === undefined || typeof input.stamp === "string")
  );
}

function hashFile(path: string): string | undefined {
  try {
    return sha256(readFileSync(path));
  } catch (error) {
    // A directory stands for its listing (a glob import's, see glob-dirs.ts): a name added or removed changes it.
    if ((error as NodeJS.ErrnoException).code === "EISDIR") return listingHash(path);
    return undefined;
  }
}

function listingHash(path: string): string | undefined {
  try {
    return sha256(`dir\0${readdirSync(path).sort().join("\0")}`);
  } catch {
    return undefined;
  }
}
