import { readFile } from "node:fs/promises";
import { isBuiltin } from "node:module";
import { dirname, extname } from "node:path";
import { pathToFileURL } from "node:url";
import type { Loader, Plugin } from "esbuild";
import { settledStamp } from "../inputs.ts";
import { CORE, dkCore } from "./core-copy.ts";
import { rewriteImports, type DynamicImports } from "./dynamic-imports.ts";
import { LOCATION_NAMESPACE, LOCATION_SPECIFIER, locationModule, withLocation } from "./location.ts";
import { resolutionInputs } from "./resolution-inputs.ts";

// Marks our own build.resolve calls, so that the resolve hook does not answer itself.
const INNER = Symbol("dk-inner-resolve");
const TYPESCRIPT = /\.[mc]?tsx?$/;
const LOADERS: Record<string, Loader> = { ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".jsx": "jsx" };

/**
 * What a build depended on: each file compiled in, with what was read; files resolutions depend on; the package files
 * left for Node to import.
 */
export type PluginInputs = {
  readonly compiled: Map<string, { readonly bytes: Buffer; readonly stamp: string | undefined }>;
  readonly resolutions: Set<string>;
  readonly packages: Set<string>;
};

/**
 * How dk compiles a tasks file into one module kept in its private cache: its own files are compiled in, each
 * keeping its own `import.meta.url`/`__dirname`, and resolving `import.meta.resolve(x)` and the `import(x)`s in
 * `rewrites` from where it is; a package stays an import of the very file Node would load from where it was imported
 * (the cache is not where Node would look), except packages that ship TypeScript source (a workspace package), which
 * are compiled in as tsx would run them, and JSON files; `@deploykit/core` is always dk's own copy (one printer, one
 * set of settings, one CommandError class). Records the hash of each file compiled in as it was read (JSON and other
 * data included), every file whose change could change a resolution, and the package files it imports.
 */
export function tasksPlugin(inputs: PluginInputs, rewrites: DynamicImports): Plugin {
  return {
    name: "dk-tasks",
    setup(build) {
      // Before the packages' hook, which would take the location modules' names for packages.
      build.onResolve({ filter: LOCATION_SPECIFIER }, (args) => ({
        path: args.path.replace(LOCATION_SPECIFIER, ""),
        namespace: LOCATION_NAMESPACE,
      }));
      build.onLoad({ filter: /./, namespace: LOCATION_NAMESPACE }, (args) => ({
        contents: locationModule(args.path),
        loader: "js",
      }));
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        if (args.pluginData === INNER) return undefined;
        if (args.path === CORE) {
          const core = dkCore();
          inputs.resolutions.add(core.packageJson);
          return { path: args.kind === "require-call" ? core.file : core.url, external: true };
        }
        const found = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: INNER,
        });
        // Left to Node (an optional import may be missing); the warning keeps where it was imported, to report it.
        if (found.errors.length > 0) {
          const warning = { text: `unresolved ${args.path}`, detail: { unresolved: args.path } };
          return { path: args.path, external: true, warnings: [warning] };
        }
        if (found.external) return { path: args.path, external: true };
        // Before a package (or `#import`) that ships TypeScript is compiled in: its package.json decided that too.
        for (const input of resolutionInputs(args.path, args.resolveDir)) inputs.resolutions.add(input);
        // JSON is compiled in, as when imported relatively: Node refuses it without `with { type: "json" }`.
        if (TYPESCRIPT.test(found.path) || found.path.endsWith(".json")) return { path: found.path };
        const required = args.kind === "require-call" || args.kind === "require-resolve";
        // Only what Node will load: require.resolve() of a package names it and runs nothing.
        if (args.kind !== "require-resolve") inputs.packages.add(found.path);
        return { path: required ? found.path : pathToFileURL(found.path).href, external: true };
      });
      build.onLoad({ filter: /\.[mc]?[jt]sx?$/ }, async (args) => {
        // Stamped before the read: a write in between changes the stamp, so the next check hashes.
        const stamp = settledStamp(args.path);
        const bytes = await readFile(args.path);
        inputs.compiled.set(args.path, { bytes, stamp });
        const located = withLocation(bytes.toString("utf8"), args.path);
        const positions = rewrites.get(args.path);
        return {
          contents: positions ? rewriteImports(located, positions) : located,
          loader: LOADERS[extname(args.path)] ?? "js",
          resolveDir: dirname(args.path),
        };
      });
      // Any other file bundled in (JSON, text): recorded as read, then loaded by esbuild as its loaders say.
      build.onLoad({ filter: /./, namespace: "file" }, async (args) => {
        const stamp = settledStamp(args.path);
        inputs.compiled.set(args.path, { bytes: await readFile(args.path), stamp });
        return undefined;
      });
    },
  };
}
