import { existsSync } from "node:fs";
import { join } from "node:path";
import { dirsUpward } from "../dirs-upward.ts";

/**
 * The files whose change could make Node resolve `specifier`, imported from `resolveDir`, to another file: for a
 * package, its package.json in each node_modules from `resolveDir` up to the one that has it (absent ones too: a
 * package installed nearer would win; an upgrade changes the version); for a `#subpath` import, the nearest
 * package.json, which maps it. Not the file it resolved to: Node reads that afresh at each run, and hashing it
 * would cost a read of the whole package entry (9 MB for typescript) on every run.
 */
export function resolutionInputs(specifier: string, resolveDir: string): string[] {
  const dirs = dirsUpward(resolveDir);
  if (specifier.startsWith("#")) {
    const nearest = dirs.find((here) => existsSync(join(here, "package.json"))) ?? dirs.at(-1)!;
    return [join(nearest, "package.json")];
  }
  const files: string[] = [];
  for (const here of dirs) {
    const dir = join(here, "node_modules", packageName(specifier));
    files.push(join(dir, "package.json"));
    if (existsSync(dir)) break;
  }
  return files;
}

// `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`.
function packageName(specifier: string): string {
  return specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");
}
