import { realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compileOnce } from "../compiled-once.ts";
import { compiledTasksModule, type Compiler } from "./compile.ts";
import { CORE, dkCore } from "./core-copy.ts";
import { ImportError, importedFrom } from "./import-error.ts";
import { MODULES_KEY } from "./location.ts";
import { resolveImport } from "./resolve-import.ts";
import { refuseUntrustedInputs } from "./trusted-inputs.ts";

/** What compiled modules call for `import.meta.resolve(x)` and `import(x)`, each with its own file's URL. */
export type Modules = {
  readonly resolve: (specifier: string, parent: string) => string;
  /** `load` is the compiled module's own `import()` of a URL, with the call's import attributes. */
  readonly import: (specifier: string, parent: string, load: (url: string) => Promise<unknown>) => Promise<unknown>;
};

const TYPESCRIPT = /\.[mc]?tsx?$/;
// What TypeScript source an import written for JavaScript (`./lib.js`), or without an extension, means, as tsx and
// esbuild read it.
const FOR_JAVASCRIPT: Record<string, readonly string[]> = {
  js: ["ts", "tsx"],
  jsx: ["tsx"],
  mjs: ["mts"],
  cjs: ["cts"],
};
const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".json"];

/**
 * Lends the modules dk compiles (see location.ts) a resolution from their own files, as Node would do it there
 * without hooks: a compiled module lives in dk's cache, where Node would resolve from. `@deploykit/core` is dk's own
 * copy, as for static imports. A TypeScript file that `import(x)` reaches is compiled as a tasks file is (cached, or
 * once into a private temporary directory) and its module imported: no hooks, and its own imports resolve from it.
 * Being compiled apart, it shares no module instance with a copy of the same file bundled into the importer.
 */
export function lendModules(compiler: Compiler, trace?: (message: string) => void): void {
  // Each such file compiled once per run, as Node imports a URL once.
  const once = new Map<string, Promise<unknown>>();
  const resolve = (specifier: string, parent: string) =>
    specifier === CORE ? dkCore().url : resolveImport(specifier, parent);
  const modules: Modules = {
    resolve,
    async import(specifier, parent, load) {
      const url = importable(resolve(specifier, parent), specifier, parent);
      const file = url.startsWith("file:") ? fileURLToPath(url) : undefined;
      if (file === undefined || url === dkCore().url) return load(url);
      // Node loads it as it is, no build checking it: another user's file must not run as the user's.
      if (!TYPESCRIPT.test(file)) {
        refuseUntrustedInputs(parent.startsWith("file:") ? fileURLToPath(parent) : parent, [file], false);
        return load(url);
      }
      const cached = await compiledTasksModule(file, compiler, trace);
      if (cached !== undefined) return load(pathToFileURL(cached).href);
      if (!once.has(file)) once.set(file, loadOnce(file, specifier, parent, load, trace));
      return once.get(file);
    },
  };
  (globalThis as Record<symbol, unknown>)[Symbol.for(MODULES_KEY)] = modules;
}

// A file URL to what exists: the file itself, else the TypeScript file the specifier means, else Node's error.
function importable(url: string, specifier: string, parent: string): string {
  if (!url.startsWith("file:")) return url;
  const path = fileURLToPath(url);
  if (isFile(path)) return url;
  const extension = /\.([mc]?jsx?)$/.exec(path);
  const candidates = extension
    ? FOR_JAVASCRIPT[extension[1]!]!.map((ts) => `${path.slice(0, -extension[1]!.length)}${ts}`)
    : [...EXTENSIONS.map((end) => path + end), ...EXTENSIONS.map((end) => join(path, `index${end}`))];
  const found = candidates.find(isFile);
  if (found !== undefined) return pathToFileURL(realpathSync(found)).href;
  const reason = `Cannot find module '${path}'${importedFrom(parent)}`;
  throw new ImportError("ERR_MODULE_NOT_FOUND", reason, specifier, parent, "correct the path");
}

async function loadOnce(
  file: string,
  specifier: string,
  parent: string,
  load: (url: string) => Promise<unknown>,
  trace?: (message: string) => void,
): Promise<unknown> {
  const compiled = await compileOnce(file, trace);
  if (compiled === undefined) {
    const what = `Cannot compile the TypeScript file '${file}': no private directory to compile it into`;
    const hint = "set DK_CACHE_DIR, or TMPDIR, to a directory only you can write";
    throw new ImportError("ERR_UNKNOWN_FILE_EXTENSION", what + importedFrom(parent), specifier, parent, hint);
  }
  try {
    return await load(pathToFileURL(compiled.path).href);
  } finally {
    compiled.remove();
  }
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}
