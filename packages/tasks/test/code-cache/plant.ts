import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { codeCacheFile } from "../../src/code-cache.ts";
import { DK_V8_FLAGS } from "../../src/v8-flags.ts";
import { packageDir } from "../helpers/paths.ts";

export const BUNDLE = join(packageDir, "dist", "dk.cjs");

/** The code caches in `cache`: dk keeps one, named for the bundle it was made from. */
export function codeCaches(cache: string): string[] {
  return readdirSync(cache).filter((name) => /^code-[0-9a-f]{24}\.v8$/.test(name));
}

/** Where dk looks for the code cache of the bundle as built, in `cache`. */
export function codeCachePath(cache: string): string {
  return codeCacheFile(readFileSync(BUNDLE), BUNDLE, cache)!;
}

// Made in a plain node with dk's V8 flags (V8 takes a cache only under the flags it was made with): the code cache of
// a bundle of the same length as dk's whose top level throws "planted". V8 checks a cache against the source's length
// alone.
const MAKE = `
for (const flag of ${JSON.stringify(DK_V8_FLAGS.map((f) => f.flag))}) require("node:v8").setFlagsFromString(flag);
const { readFileSync, writeFileSync } = require("node:fs");
const { Script } = require("node:vm");
const [bundle, out] = process.argv.slice(1);
const source = readFileSync(bundle, "utf8");
const payload = 'throw "planted";';
// The bundle ends in its source map comment, a line long enough to give up the payload's length.
if (!/\\/\\/# sourceMappingURL=\\S+\\n$/.test(source)) throw new Error("no source map comment at the end");
const planted = payload + source.slice(0, source.length - 1 - payload.length) + "\\n";
if (planted.length !== source.length) throw new Error("lengths differ");
const wrapped = \`(function (exports, require, module, __filename, __dirname) {\${planted}\\n})\`;
writeFileSync(out, Buffer.concat([Buffer.of(1), new Script(wrapped, { filename: bundle }).createCachedData()]));
`;

/** Writes, at `path`, a code cache that runs other code than dk's bundle: dk fails with "planted" if it takes it. */
export function plantCodeCache(path: string): void {
  execFileSync(process.execPath, ["-e", MAKE, BUNDLE, path]);
}

export function markerByte(path: string): number {
  return readFileSync(path)[0]!;
}

export function writeGarbage(path: string): void {
  writeFileSync(path, Buffer.concat([Buffer.of(1), Buffer.alloc(4096, 7)]), { mode: 0o600 });
}
