import { isAscii } from "node:buffer";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";
import { codeCacheFile, readCodeCache, writeCodeCache } from "./code-cache.ts";
import { setDkV8Flags } from "./v8-flags.ts";

// What dist/dk.cjs (src/bundle.ts) exports.
type Bundle = typeof import("./bundle.ts");

/**
 * Runs dk's CLI from its CommonJS bundle, compiled with V8's code cache: a start then parses and compiles little
 * of dk's own code. Returns the exit code.
 */
export async function boot(argv: readonly string[]): Promise<number> {
  setDkV8Flags();
  const path = join(dirname(fileURLToPath(import.meta.url)), "dk.cjs");
  const bytes = readFileSync(path);
  // esbuild writes ASCII: read as such, the bundle skips a UTF-8 decode and is a one-byte string for V8.
  const source = isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  const file = codeCacheFile(bytes, path);
  const cache = file === undefined ? undefined : readCodeCache(file);
  // Node's own CommonJS wrapper, so the bundle sees the names a required file does.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: path, ...(cache ? { cachedData: cache.data } : {}) });
  const module = { exports: {} as Bundle };
  script.runInThisContext()(module.exports, createRequire(path), module, path, dirname(path));
  const dk = module.exports;
  dk.lendImporter({ import: (specifier) => import(specifier), resolve: (specifier) => import.meta.resolve(specifier) });
  const code = await dk.main(argv);
  const ranTasks = dk.reachedTasks();
  if (file !== undefined && (!cache || script.cachedDataRejected || (ranTasks && !cache.ranTasks)))
    writeCodeCache(file, script.createCachedData(), ranTasks);
  return code;
}
