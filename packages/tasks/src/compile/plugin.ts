import { readFile } from "node:fs/promises";
import { isBuiltin } from "node:module";
import { dirname, extname } from "node:path";
import { pathToFileURL } from "node:url";
import type { Loader, Plugin } from "esbuild";
import { nodeModulesOf } from "./node-modules.ts";

// Marks our own build.resolve calls, so that the resolve hook does not answer itself.
const INNER = Symbol("dk-inner-resolve");
const TYPESCRIPT = /\.[mc]?tsx?$/;
const LOADERS: Record<string, Loader> = { ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".jsx": "jsx" };

/**
 * How dk compiles a tasks file into one module: its own files are compiled in, each keeping its own
 * `import.meta.url`/`__dirname`; packages stay imports that Node resolves at run time, except packages that
 * ship TypeScript source (a workspace package), which are compiled in as tsx would run them.
 */
export function tasksPlugin(home: string, pinned: Set<string>): Plugin {
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
        return { contents: withLocation(source, args.path), loader: LOADERS[extname(args.path)] ?? "js", resolveDir: dirname(args.path) };
      });
    },
  };
}

/** The build's defines: `import.meta.url` and its kin name constants that each file declares for itself. */
export const LOCATION_DEFINES: Record<string, string> = {
  "import.meta.url": "dkImportMetaUrl",
  "import.meta.filename": "dkFilename",
  "import.meta.dirname": "dkDirname",
  __filename: "dkFilename",
  __dirname: "dkDirname",
};

// Declares where the file is (not where its compiled form is cached), on its first line so that line numbers
// stay as they are; esbuild renames each file's copies apart. A hashbang has to stay first.
function withLocation(source: string, path: string): string {
  const prologue =
    `const dkImportMetaUrl = ${JSON.stringify(pathToFileURL(path).href)}, ` +
    `dkFilename = ${JSON.stringify(path)}, dkDirname = ${JSON.stringify(dirname(path))};`;
  if (!source.startsWith("#!")) return prologue + source;
  const end = source.indexOf("\n") + 1 || source.length;
  return source.slice(0, end) + prologue + source.slice(end);
}
