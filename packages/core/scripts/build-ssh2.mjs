// Builds dist/ssh2.cjs: the parts of ssh2 that native uses, in one file (see src/ssh/native/ssh2-bundle.cjs), its
// optional native addons left out and its Poly1305 WebAssembly module replaced by dk's (src/ssh/native/poly1305.ts).
// Usage: node scripts/build-ssh2.mjs [OUTFILE]   (default: dist/ssh2.cjs)
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const standIn = fileURLToPath(new URL("../src/ssh/native/ssh2-poly1305.cjs", import.meta.url));
let replaced = 0;

const poly1305 = {
  name: "dk-poly1305",
  setup(b) {
    b.onResolve({ filter: /^\.\/crypto\/poly1305\.js$/ }, (args) => {
      if (!args.importer.replaceAll("\\", "/").endsWith("/ssh2/lib/protocol/crypto.js")) return undefined;
      replaced++;
      return { path: standIn };
    });
  },
};

await build({
  entryPoints: [fileURLToPath(new URL("../src/ssh/native/ssh2-bundle.cjs", import.meta.url))],
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20.19",
  external: ["*.node", "cpu-features"],
  outfile: process.argv[2] ?? fileURLToPath(new URL("../dist/ssh2.cjs", import.meta.url)),
  logLevel: "warning",
  plugins: [poly1305],
});
// A newer ssh2 that loads its module another way would keep the WebAssembly silently: fail the build instead.
if (replaced !== 1) throw new Error(`expected ssh2 to load its Poly1305 module once, it did ${replaced} times`);
