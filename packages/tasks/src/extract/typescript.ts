import { createRequire } from "node:module";
import type * as TS from "typescript";

export type { TS };

// require(), not import(): Node's ESM loader scans this 9 MB CommonJS file for export names, ~0.7 s more.
// Only the extractor imports this module, and only when the manifest cache misses.
export const ts = createRequire(import.meta.url)("typescript") as typeof TS;
