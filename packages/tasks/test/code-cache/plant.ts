import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { codeCacheFile } from "../../src/code-cache.ts";
import { DK_V8_FLAGS } from "../../src/v8-flags.ts";
import { packageDir } from "../helpers/paths.ts";

export const BUNDLE = join(packageDir, "dist", "dk.cjs");
/** ssh2's one-file copy in core's build, where core loads it from (its real path, as core's own module URL has it). */
export const SSH2 = realpathSync(join(packageDir, "node_modules", "@deploykit", "core", "dist", "ssh2.cjs"));

/** TypeScript's one file, as dk's signature reader resolves it (its real path). */
export const TYPESCRIPT = realpathSync(createRequire(BUNDLE).resolve("typescript"));

/** The code caches of a kind in `cache`: one of dk's bundle (`code-`), one of each library dk loads (`lib-`). */
export function codeCaches(cache: string, kind: "code-" | "lib-" = "code-"): string[] {
  return readdirSync(cache).filter((name) => name.startsWith(kind) && /-[0-9a-f]{24}\.v8$/.test(name));
}

/** Core's one CommonJS file in its build, which its ES module entry loads (its real path, as that entry has it). */
export const CORE_BUNDLE = realpathSync(join(packageDir, "node_modules", "@deploykit", "core", "dist", "core.cjs"));

/** Where dk looks for the code cache of a library's file (ssh2's copy, core's bundle, TypeScript), in `cache`. */
export function libraryCachePath(file: string, cache: string): string {
  return codeCacheFile(readFileSync(file), file, cache, "lib-")!;
}

export const ssh2CachePath = (cache: string): string => libraryCachePath(SSH2, cache);
export const coreCachePath = (cache: string): string => libraryCachePath(CORE_BUNDLE, cache);
export const typescriptCachePath = (cache: string): string => libraryCachePath(TYPESCRIPT, cache);

/** Where dk looks for the code cache of the bundle as built, in `cache`. */
export function codeCachePath(cache: string): string {
  return codeCacheFile(readFileSync(BUNDLE), BUNDLE, cache)!;
}

// Made in a plain node with dk's V8 flags (V8 takes a cache only under the flags it was made with): the code cache of
// a file of the same length as the given one, whose top level throws "planted" (then spaces). V8 checks a cache
// against the source's length alone.
const MAKE = `
for (const flag of ${JSON.stringify(DK_V8_FLAGS.map((f) => f.flag))}) require("node:v8").setFlagsFromString(flag);
const { readFileSync, writeFileSync } = require("node:fs");
const { Script } = require("node:vm");
const [file, out] = process.argv.slice(1);
const source = readFileSync(file, "utf8");
const payload = 'throw "planted";';
const planted = payload + " ".repeat(source.length - payload.length);
const wrapped = \`(function (exports, require, module, __filename, __dirname) {\${planted}\\n})\`;
writeFileSync(out, Buffer.concat([Buffer.of(1), new Script(wrapped, { filename: file }).createCachedData()]));
`;

/** Writes, at `path`, a code cache for `file` that throws "planted": a run that loads `file` from it fails so. */
export function plantCacheOf(file: string, path: string): void {
  execFileSync(process.execPath, ["-e", MAKE, file, path]);
}

/** Writes, at `path`, a code cache that runs other code than dk's bundle: dk fails with "planted" if it takes it. */
export function plantCodeCache(path: string): void {
  plantCacheOf(BUNDLE, path);
}

/** A file's inode and mtime: unchanged when nothing wrote or replaced it. */
export function fileIdentity(path: string): string {
  const stats = statSync(path);
  return `${stats.ino}:${stats.mtimeMs}`;
}

export function markerByte(path: string): number {
  return readFileSync(path)[0]!;
}

export function writeGarbage(path: string): void {
  writeFileSync(path, Buffer.concat([Buffer.of(1), Buffer.alloc(4096, 7)]), { mode: 0o600 });
}
