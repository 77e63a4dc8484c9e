import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { hashInputs, readInput } from "../inputs.ts";
import type { Message, Metafile } from "esbuild";
import type { Manifest } from "../types.ts";
import { DYNAMIC_IMPORT, DYNAMIC_REQUIRE, dynamicImports, type DynamicImports } from "./dynamic-imports.ts";
import { LOCATION_DEFINES } from "./location.ts";
import { tasksPlugin, type PluginInputs } from "./plugin.ts";
import { tsconfigFiles } from "./tsconfig-files.ts";
import { globDirs } from "./glob-dirs.ts";
import { refuseUntrustedInputs } from "./trusted-inputs.ts";
import { importModule } from "../importer.ts";

export type Built = {
  readonly code: string;
  readonly inputs: Manifest["inputs"];
  /** Imports no file answers, left to Node, and where each is: a path, a line, a column from 1. */
  readonly unresolved: readonly Unresolved[];
};

export type Unresolved = {
  readonly specifier: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
};

/**
 * `file` and its local imports compiled (esbuild) into the source of one ES module meant to live at `out`, and its
 * inputs. Throws a LoadError when a file it read is not the user's own (refuseUntrustedInputs).
 */
export async function buildTasksModule(file: string, out: string): Promise<Built | undefined> {
  const esbuild = await importModule<typeof import("esbuild")>("esbuild");
  const base = dirname(file);
  const build = async (rewrites: DynamicImports) => {
    const inputs: PluginInputs = { compiled: new Map(), resolutions: new Set(), packages: new Set() };
    const built = esbuild.build({
      entryPoints: [file],
      absWorkingDir: base,
      outfile: out,
      bundle: true,
      write: false,
      format: "esm",
      platform: "node",
      target: "node20",
      // Node's conditions only: without this esbuild also takes "module", which Node ignores.
      conditions: [],
      sourcemap: "inline",
      logLevel: "silent",
      logOverride: { [DYNAMIC_IMPORT]: "warning", [DYNAMIC_REQUIRE]: "warning" },
      banner: { js: banner(file) },
      define: LOCATION_DEFINES,
      plugins: [tasksPlugin(inputs, rewrites)],
      metafile: true,
    });
    // Also when the build fails: tsx, the fallback, would then run what it read.
    const result = await built.finally(() =>
      refuseUntrustedInputs(file, [...inputs.compiled.keys(), ...inputs.packages]),
    );
    return { result, inputs };
  };
  const first = await build(new Map());
  // Only files with an `import(x)` or `require(x)` left to run time pay for a second build, which rewrites those to
  // resolve in place.
  const rewrites = dynamicImports(first.result.warnings, base);
  const { result, inputs } = rewrites.size === 0 ? first : await build(rewrites);
  const code = result.outputFiles.find((output) => output.path === out)?.text;
  if (code === undefined) return undefined;
  const compiled = [...inputs.compiled].map(([path, read]) => readInput(base, path, read.bytes, read.stamp));
  // esbuild applies the tsconfig.json above each file (and what it extends), so those are inputs too.
  const others = [
    ...inputs.resolutions,
    ...tsconfigFiles([...inputs.compiled.keys()]),
    ...bundled(result, base),
    ...globDirs(result.metafile, base),
  ].filter((path) => !inputs.compiled.has(path));
  return { code, inputs: [...compiled, ...hashInputs(base, others)], unresolved: unresolved(result.warnings, base) };
}

// The plugin's warnings for imports it left to Node unresolved, where esbuild located them.
function unresolved(warnings: readonly Message[], base: string): Unresolved[] {
  return warnings.flatMap(({ detail, location }) => {
    const specifier = (detail as { unresolved?: unknown } | undefined)?.unresolved;
    if (typeof specifier !== "string" || !location) return [];
    return [{ specifier, file: resolve(base, location.file), line: location.line, column: location.column + 1 }];
  });
}

// Every file esbuild read into the module, by its own account: the hooks record each as read, and this list makes
// sure that none escapes them. Other namespaces (`dk-location:`) are dk's own modules.
function bundled(result: { metafile: Metafile }, base: string): string[] {
  return Object.keys(result.metafile.inputs)
    .filter((input) => !/^[\w-]+:/.test(input))
    .map((input) => resolve(base, input));
}

// Lets the compiled module `require()` (CommonJS packages, `require` in a tasks file) as the tasks file could.
function banner(file: string): string {
  const from = JSON.stringify(pathToFileURL(file).href);
  return `import { createRequire as dkCreateRequire } from "node:module"; const require = dkCreateRequire(${from});`;
}
