import { lstatSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { cacheDir, usableCacheDir } from "./cache.ts";
import { sha256 } from "./inputs.ts";
import { readPrivateFile, writeFileAtomically } from "./private-file.ts";

// V8's code cache for dk's own bundle: what dk runs must be this user's and writable by no one else, so it lives
// in the private cache directory and is read only through readPrivateFile.
const PREFIX = "code-";
const SUFFIX = ".v8";
const KEEP_OTHERS = 3;

/**
 * Where the code cache of the bundle `bytes`, at `path`, lives, or undefined when the cache directory is not private.
 */
export function codeCacheFile(bytes: Buffer, path: string, dir = cacheDir()): string | undefined {
  if (!usableCacheDir(dir)) return undefined;
  // V8 checks its own version and flags but only the length of the source: the name carries the content. And the
  // path: a cached script keeps the file name it was compiled under, which stack traces then show.
  const head = Buffer.from(`${process.version}\0${process.arch}\0${path}\0`);
  const key = sha256(Buffer.concat([head, bytes])).slice(0, 24);
  return join(dir, `${PREFIX}${key}${SUFFIX}`);
}

export type CodeCache = {
  readonly data: Buffer;
  /** Made by a run that reached a task, so it holds the functions a run compiles, not only a listing's. */
  readonly ranTasks: boolean;
};

export function readCodeCache(file: string): CodeCache | undefined {
  const bytes = readPrivateFile(file);
  if (bytes === undefined || bytes.length < 2) return undefined;
  return { data: bytes.subarray(1), ranTasks: bytes[0] === 1 };
}

/**
 * Writes the cache (private to this user) and removes all but the newest few of other builds': projects on other
 * versions of dk share the cache dir, and each should keep its own. A failure only costs speed.
 */
export function writeCodeCache(file: string, data: Buffer, ranTasks: boolean): void {
  try {
    writeFileAtomically(file, Buffer.concat([Buffer.of(ranTasks ? 1 : 0), data]), 0o600);
    const dir = dirname(file);
    const others = readdirSync(dir)
      .filter((name) => name.startsWith(PREFIX) && name.endsWith(SUFFIX) && join(dir, name) !== file)
      .map((name) => ({ path: join(dir, name), written: lstatSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.written - a.written);
    for (const { path } of others.slice(KEEP_OTHERS)) rmSync(path, { force: true });
  } catch {
    // A read-only or full cache directory: the next run compiles again.
  }
}
