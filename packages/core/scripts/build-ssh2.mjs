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

// ssh2 tries its optional addons (cpu-features, its crypto binding) in a try block: built in as modules that throw, so
// that no run pays for Node's search of every node_modules above dist/ (about a millisecond) and none is ever loaded.
const leftOut = {
  name: "dk-left-out",
  setup(b) {
    b.onResolve({ filter: /^cpu-features$|\.node$/ }, (args) => ({ path: args.path, namespace: "dk-left-out" }));
    b.onLoad({ filter: /.*/, namespace: "dk-left-out" }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is left out of dk's build of ssh2`)});`,
      loader: "js",
    }));
  },
};

await build({
  entryPoints: [fileURLToPath(new URL("../src/ssh/native/ssh2-bundle.cjs", import.meta.url))],
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20.19",
  outfile: process.argv[2] ?? fileURLToPath(new URL("../dist/ssh2.cjs", import.meta.url)),
  logLevel: "warning",
  plugins: [poly1305, leftOut],
});
// A newer ssh2 that loads its module another way would keep the WebAssembly silently: fail the build instead.
if (replaced !== 1) throw new Error(`expected ssh2 to load its Poly1305 module once, it did ${replaced} times`);
