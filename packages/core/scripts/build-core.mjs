// Builds dist/core.cjs, all of core in one CommonJS file, and dist/index.js, the ES module entry that loads it and
// names its exports. Node 20 keeps no code cache for ES modules; an application that keeps V8 code caches (dk's CLI)
// lends a loader that runs a CommonJS file from its cache, and core.cjs is then compiled once, not at every start.
// Usage: node scripts/build-core.mjs [OUTDIR]   (default: dist)
import { build } from "esbuild";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const outdir = process.argv[2] ?? fileURLToPath(new URL("../dist", import.meta.url));
const bundle = join(outdir, "core.cjs");

await build({
  entryPoints: [fileURLToPath(new URL("../src/index.ts", import.meta.url))],
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20.19",
  external: ["ssh2"],
  outfile: bundle,
  // Core finds the files beside it (ssh2.cjs) from its own URL.
  define: { "import.meta.url": "__dkUrl" },
  banner: { js: 'const __dkUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: "warning",
});

// Core does no work as it loads: requiring it here only lists what it exports.
const names = Object.keys(createRequire(import.meta.url)(bundle)).sort();
if (!names.includes("Host") || !names.includes("parseHosts")) throw new Error(`core.cjs exports only ${names}`);

const entry = [
  "// Core's ES module entry: core is core.cjs, one CommonJS file, which an application that keeps V8 code caches",
  "// loads through the loader it lends by this symbol; otherwise Node's own require.",
  'import { createRequire } from "node:module";',
  'import { fileURLToPath } from "node:url";',
  'const file = fileURLToPath(new URL("./core.cjs", import.meta.url));',
  'const lent = globalThis[Symbol.for("@deploykit/core.loadCommonJs")];',
  'const core = typeof lent === "function" ? lent(file) : createRequire(import.meta.url)(file);',
  `export const { ${names.join(", ")} } = core;`,
  "",
].join("\n");
writeFileSync(join(outdir, "index.js"), entry);
