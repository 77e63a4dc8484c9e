import { resolve } from "node:path";
import type { Message } from "esbuild";
import { RUN_TIME_FUNCTIONS } from "./location.ts";

/** esbuild's id for an `import(x)` it cannot bundle (x not a string), raised to a warning to learn where each is. */
export const DYNAMIC_IMPORT = "unsupported-dynamic-import";
/** The same for a `require(x)`. */
export const DYNAMIC_REQUIRE = "unsupported-require-call";

/** Where an `import` keyword is, as esbuild reports it: the line from 1, the column in UTF-8 bytes from 0. */
type Position = { readonly line: number; readonly column: number };

/** The files to rewrite, each with the `import(`s in it that esbuild left to run time. */
export type DynamicImports = ReadonlyMap<string, readonly Position[]>;

/**
 * The `import(`s and `require(`s a build left to run time, in the files compiled in, by absolute path. Left as they
 * are, they would resolve from the compiled module in dk's cache, or from the tasks file, not from their own file.
 */
export function dynamicImports(warnings: readonly Message[], base: string): DynamicImports {
  const found = new Map<string, Position[]>();
  for (const { id, location } of warnings) {
    // dk's location modules (their own namespace) hold the `import(` that loads what a rewritten one resolved.
    if ((id !== DYNAMIC_IMPORT && id !== DYNAMIC_REQUIRE) || !location || !["file", ""].includes(location.namespace))
      continue;
    const path = resolve(base, location.file);
    found.set(path, [...(found.get(path) ?? []), { line: location.line, column: location.column }]);
  }
  return found;
}

/**
 * `contents` with the `import` or `require` keyword at each of `positions` replaced by the name of its file's own
 * `import()` or `require()`, which is as long: lines and columns stay where the source map has them. A position that
 * holds neither keyword (the file changed since) is left alone.
 */
export function rewriteImports(contents: string, positions: readonly Position[]): string {
  // esbuild counts these as line breaks.
  const starts = [0, ...[...contents.matchAll(/\r\n|[\n\r\u2028\u2029]/g)].map((m) => m.index + m[0].length)];
  let rewritten = contents;
  for (const { line, column } of positions) {
    const start = starts[line - 1];
    if (start === undefined) continue;
    const text = contents.slice(start, starts[line] ?? contents.length);
    const offset = start + Buffer.from(text, "utf8").subarray(0, column).toString("utf8").length;
    const keyword = (["import", "require"] as const).find((word) => rewritten.startsWith(word, offset));
    if (keyword === undefined) continue;
    rewritten = rewritten.slice(0, offset) + RUN_TIME_FUNCTIONS[keyword] + rewritten.slice(offset + keyword.length);
  }
  return rewritten;
}
