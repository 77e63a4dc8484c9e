import { readFile } from "node:fs/promises";
import { isBuiltin } from "node:module";
import { dirname, extname } from "node:path";
import { pathToFileURL } from "node:url";
import type { Loader, Plugin } from "esbuild";
import { nodeModulesOf } from "./node-modules.ts";

type Esbuild = typeof import("esbuild");

// Marks our own build.resolve calls, so that the resolve hook does not answer itself.
const INNER = Symbol("dk-inner-resolve");
const TYPESCRIPT = /\.[mc]?tsx?$/;
const LOADERS: Record<string, Loader> = { ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".jsx": "jsx" };

/**
 * How dk compiles a tasks file into one module: its own files are compiled in, each keeping its own
 * `import.meta.url`/`__dirname`; packages stay imports that Node resolves at run time, except packages that
 * ship TypeScript source (a workspace package), which are compiled in as tsx would run them.
 */
export function tasksPlugin(esbuild: Esbuild, home: string, pinned: Set<string>): Plugin {
  return {
    name: "dk-tasks",
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        if (args.pluginData === INNER) return undefined;
        const found = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: INNER });
        if (found.errors.length > 0) return { path: args.path, external: true };
        if (TYPESCRIPT.test(found.path)) return { path: found.path };
        // Imported from another package's node_modules (a compiled-in workspace package): Node could not find it from
        // ours, so the import names the file itself, and a change there makes the compiled module stale.
        if (nodeModulesOf(args.resolveDir) === home) return { path: args.path, external: true };
        pinned.add(found.path);
        return { path: pathToFileURL(found.path).href, external: true };
      });
      build.onLoad({ filter: /\.[mc]?[jt]sx?$/ }, async (args) => {
        const source = await readFile(args.path, "utf8");
        const here = JSON.stringify(args.path);
        const folder = JSON.stringify(dirname(args.path));
        const { code } = await esbuild.transform(source, {
          loader: LOADERS[extname(args.path)] ?? "js",
          sourcefile: args.path,
          sourcemap: "inline",
          target: "node20",
          // Where the file is, not where its compiled form is cached.
          define: {
            "import.meta.url": JSON.stringify(pathToFileURL(args.path).href),
            "import.meta.filename": here,
            "import.meta.dirname": folder,
            __filename: here,
            __dirname: folder,
          },
        });
        return { contents: code, loader: "js", resolveDir: dirname(args.path) };
      });
    },
  };
}
