import { lstatSync, readdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { cacheDir, usableCacheDir } from "./cache.ts";
import { sha256 } from "./inputs.ts";
import { readPrivateFile, writeFileAtomically } from "./private-file.ts";

// V8's code caches for dk's own bundle (`code-…`) and for the libraries core hands dk to load (`lib-…`): what dk runs
// must be this user's and writable by no one else, so they live in the private cache directory and are read only
// through readPrivateFile.
const SUFFIX = ".v8";
// Of other builds' (other projects' dk), kept: dk's bundle is one file a build, the libraries three (TypeScript, core,
// ssh2), so both keep three builds.
const KEEP_OTHERS: Readonly<Record<CodeCacheKind, number>> = { "code-": 3, "lib-": 9 };

/** Which cache a file is: dk's bundle's, or a library's. */
export type CodeCacheKind = "code-" | "lib-";

/**
 * Where the code cache of the file `bytes`, at `path`, lives, or undefined when the cache directory is not private.
 */
export function codeCacheFile(
  bytes: Buffer,
  path: string,
  dir = cacheDir(),
  kind: CodeCacheKind = "code-",
): string | undefined {
  if (!usableCacheDir(dir)) return undefined;
  // V8 checks its own version and flags but only the length of the source: the name carries the content. And the
  // path: a cached script keeps the file name it was compiled under, which stack traces then show.
  const head = Buffer.from(`${process.version}\0${process.arch}\0${path}\0`);
  const key = sha256(Buffer.concat([head, bytes])).slice(0, 24);
  return join(dir, `${kind}${key}${SUFFIX}`);
}

export type CodeCache = {
  readonly data: Buffer;
  /**
   * Made after the code had done its whole job, so it holds the functions that compiles (for dk's bundle: a run that
   * reached a task, not only a listing).
   */
  readonly complete: boolean;
};

export function readCodeCache(file: string): CodeCache | undefined {
  const bytes = readPrivateFile(file);
  if (bytes === undefined || bytes.length < 2) return undefined;
  return { data: bytes.subarray(1), complete: bytes[0] === 1 };
}

/**
 * Writes the cache (private to this user) and removes all but the newest few of other builds' of its kind: projects
 * on other versions of dk share the cache dir, and each should keep its own. A failure only costs speed.
 */
export function writeCodeCache(file: string, data: Buffer, complete: boolean): void {
  try {
    writeFileAtomically(file, Buffer.concat([Buffer.of(complete ? 1 : 0), data]), 0o600);
    const dir = dirname(file);
    const kind = basename(file).slice(0, basename(file).indexOf("-") + 1) as CodeCacheKind;
    const others = readdirSync(dir)
      .filter((name) => name.startsWith(kind) && name.endsWith(SUFFIX) && join(dir, name) !== file)
      .map((name) => ({ path: join(dir, name), written: lstatSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.written - a.written);
    for (const { path } of others.slice(KEEP_OTHERS[kind])) rmSync(path, { force: true });
  } catch {
    // A read-only or full cache directory: the next run compiles again.
  }
}
