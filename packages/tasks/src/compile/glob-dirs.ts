import { readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Metafile } from "esbuild";

// Directories listed for one glob at most: past that, a glob over a big tree would cost more to check than to compile.
const MAX_DIRS = 200;

/**
 * The directories whose listings decided what an import by a template literal bundled: esbuild compiles
 * `import(\`./lib/${name}.ts\`)` into a glob (`./lib/**\/*.ts`) over the files there at build time, so a file added
 * or removed there, or below, makes the compiled module stale.
 */
export function globDirs(metafile: Metafile, base: string): string[] {
  const dirs = new Set<string>();
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    // Other namespaces (`dk-location:`) are dk's own modules.
    if (/^[\w-]+:/.test(input)) continue;
    for (const { path } of imports) {
      const star = path.indexOf("*");
      if (star === -1 || !path.startsWith(".")) continue;
      const root = resolve(dirname(resolve(base, input)), path.slice(0, path.lastIndexOf("/", star) + 1));
      walk(root, path.includes("**"), dirs, dirs.size + MAX_DIRS);
    }
  }
  return [...dirs];
}

// `dir`, and with `deep` every directory below it (node_modules aside), until `dirs` holds `limit`.
function walk(dir: string, deep: boolean, dirs: Set<string>, limit: number): void {
  if (dirs.size >= limit || dirs.has(dir)) return;
  dirs.add(dir);
  if (!deep) return;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.isDirectory() && entry.name !== "node_modules") walk(join(dir, entry.name), deep, dirs, limit);
  }
}
