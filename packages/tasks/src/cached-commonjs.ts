import { isAscii } from "node:buffer";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { Script } from "node:vm";
import { codeCacheFile, readCodeCache, writeCodeCache, type CodeCacheKind } from "./code-cache.ts";

/** A CommonJS file dk ran, compiled with V8's code cache where there was one. */
export type CachedCommonJs = {
  readonly exports: unknown;
  /** Writes its cache when there was none, V8 refused it, or it was made before the code had done its whole job. */
  keep(complete: boolean): void;
};

/** Runs the CommonJS file at `path` as `require` would, from (and for) its code cache in dk's cache directory. */
export function runCommonJs(path: string, kind: CodeCacheKind): CachedCommonJs {
  const bytes = readFileSync(path);
  // esbuild writes ASCII: read as such, the file skips a UTF-8 decode and is a one-byte string for V8.
  const source = isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  const file = codeCacheFile(bytes, path, undefined, kind);
  const cache = file === undefined ? undefined : readCodeCache(file);
  // Node's own CommonJS wrapper, so the file sees the names a required file does.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: path, ...(cache ? { cachedData: cache.data } : {}) });
  const module = { exports: {} as unknown };
  script.runInThisContext()(module.exports, createRequire(path), module, path, dirname(path));
  return {
    exports: module.exports,
    keep(complete) {
      if (file !== undefined && (!cache || script.cachedDataRejected || (complete && !cache.complete)))
        writeCodeCache(file, script.createCachedData(), complete);
    },
  };
}

// Core asks for this loader by this name (one shared by every copy of core a run loads) for the big CommonJS files it
// loads on demand: ssh2's, for the native transport. dk's signature reader loads TypeScript through it too.
export const LOADER = Symbol.for("@deploykit/core.loadCommonJs");

/**
 * Lends core a loader that runs its CommonJS files from their code caches. Returns a function that keeps the caches of
 * the files loaded so far: call it once the run is done, when they hold what it compiled.
 */
export function lendCommonJsLoader(): () => void {
  const loaded: CachedCommonJs[] = [];
  (globalThis as Record<symbol, unknown>)[LOADER] = (path: string): unknown => {
    const file = runCommonJs(path, "lib-");
    loaded.push(file);
    return file.exports;
  };
  return () => {
    for (const file of loaded) file.keep(true);
  };
}
