import { createRequire } from "node:module";
import type * as TS from "typescript";
import { LOADER } from "../cached-commonjs.ts";

export type { TS };

// Through the loader dk's boot lends (core's for ssh2): it runs a CommonJS file from V8's code cache in dk's private
// cache dir. TypeScript is 9 MB; compiling it is most of a cold signature read. Without it (the build, tests): require.
function load(): typeof TS {
  const require = createRequire(import.meta.url);
  const lent = (globalThis as Record<symbol, ((path: string) => unknown) | undefined>)[LOADER];
  return (lent === undefined ? require("typescript") : lent(require.resolve("typescript"))) as typeof TS;
}

// require(), not import(): Node's ESM loader scans this 9 MB CommonJS file for export names, ~0.7 s more.
// Only the extractor imports this module, and only when the manifest cache misses.
export const ts = load();
