import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** The nearest node_modules directory at or above `dir`, where Node looks first for a package imported from there. */
export function nodeModulesOf(dir: string): string | undefined {
  for (let here = dir; ; here = dirname(here)) {
    if (existsSync(join(here, "node_modules"))) return join(here, "node_modules");
    if (dirname(here) === here) return undefined;
  }
}
