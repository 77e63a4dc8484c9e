import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { dirsUpward } from "../dirs-upward.ts";

const NAMES = ["tsconfig.json", "jsconfig.json"];
// `extends` may chain; a loop or a very deep chain stops here.
const MAX_DEPTH = 10;

/**
 * The config files esbuild reads when it compiles `files`: the nearest tsconfig.json (or jsconfig.json) above
 * each, what those extend, and every place nearer to a file where one could appear (absent now). Hashed as
 * inputs, so that editing, adding or removing one makes the compiled module stale.
 */
export function tsconfigFiles(files: readonly string[]): string[] {
  const found = new Set<string>();
  for (const dir of new Set(files.map((file) => dirname(file)))) {
    const { config, looked } = nearestTsconfig(dir);
    looked.forEach((candidate) => found.add(candidate));
    if (config !== undefined) addExtended(config, found, 0);
  }
  return [...found];
}

/**
 * The config file that applies to the files in `dir`, as esbuild (and tsc run there) finds it: the nearest
 * tsconfig.json, else jsconfig.json, above; `looked`, every place searched up to it (absent ones and itself).
 */
export function nearestTsconfig(dir: string): { config: string | undefined; looked: string[] } {
  const looked: string[] = [];
  for (const here of dirsUpward(dir)) {
    const candidates = NAMES.map((name) => join(here, name));
    looked.push(...candidates);
    const config = candidates.find((candidate) => existsSync(candidate));
    if (config !== undefined) return { config, looked };
  }
  return { config: undefined, looked };
}

function addExtended(config: string, found: Set<string>, depth: number): void {
  if (depth >= MAX_DEPTH) return;
  for (const target of extendsOf(config)) {
    const file = locate(target, config);
    if (file === undefined || found.has(file)) continue;
    found.add(file);
    addExtended(file, found, depth + 1);
  }
}

// The `extends` value(s) of a config file (JSON with comments): read leniently, since a miss only means a
// file left unhashed and a match in a comment only one hashed needlessly.
function extendsOf(config: string): string[] {
  let text: string;
  try {
    text = readFileSync(config, "utf8");
  } catch {
    return [];
  }
  const match = /"extends"\s*:\s*("(?:[^"\\]|\\.)*"|\[[^\]]*\])/.exec(text);
  if (match === null) return [];
  try {
    const value: unknown = JSON.parse(match[1]!);
    return (Array.isArray(value) ? value : [value]).filter((entry): entry is string => typeof entry === "string");
  } catch {
    return [];
  }
}

// A path relative to the config, or a package (`@tsconfig/node20/tsconfig.json`) resolved from there.
function locate(target: string, config: string): string | undefined {
  if (target.startsWith(".") || isAbsolute(target)) {
    const file = resolve(dirname(config), target);
    return existsSync(file) || !existsSync(`${file}.json`) ? file : `${file}.json`;
  }
  const require = createRequire(config);
  for (const request of [target, `${target}.json`, `${target}/tsconfig.json`]) {
    try {
      return require.resolve(request);
    } catch {
      // Tried in the order TypeScript does; none found is fine: nothing to hash.
    }
  }
  return undefined;
}
