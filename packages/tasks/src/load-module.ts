import { pathToFileURL } from "node:url";
import { compileOnce } from "./compiled-once.ts";
import { compiledTasksModule, discardCompiled } from "./compile/compile.ts";
import { ImportError } from "./compile/import-error.ts";
import { lendModules } from "./compile/lend-modules.ts";
import { locatedFailure, missingExport } from "./compile/located-failure.ts";
import { dkCore, pinCoreForImports } from "./compile/core-copy.ts";
import { LoadError } from "./errors.ts";
import { dkVersion } from "./package-info.ts";
import { importModule } from "./importer.ts";
import { refuseForeignTsconfig, refuseUntrustedImports } from "./compile/trusted-inputs.ts";

type Module = Record<string, unknown>;

// Each file is imported once a run, as Node imports a URL once: the tasks of a chain (`dk a b`) share one module, also
// when it was compiled into a temporary directory gone by the second import.
const imported = new Map<string, Promise<Module>>();

/**
 * Imports a TypeScript tasks file: compiled once and cached (no loader hooks at run time); without a usable cache,
 * compiled the same way for this run alone; else through tsx. When tsx fails too, what the compiled path could not
 * load or compile is reported where the user's file has it. A failure becomes a LoadError naming the file and line.
 */
export function importTasksModule(file: string, trace?: (message: string) => void): Promise<Module> {
  if (!imported.has(file)) imported.set(file, importFirst(file, trace));
  return imported.get(file)!;
}

async function importFirst(file: string, trace?: (message: string) => void): Promise<Module> {
  refuseForeignTsconfig(file);
  const compiler = { dk: dkVersion(), core: dkCore().file };
  // Why the compiled path failed, if it did: what to report when tsx fails too.
  let failed: unknown;
  const notCompiled = (error: unknown) => {
    // A file refused as another user's: the tsx fallback must not run it either.
    if (error instanceof LoadError) throw error;
    failed ??= error;
    trace?.(`tasks file: not compiled (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`);
    return undefined;
  };
  const cached = await compiledTasksModule(file, compiler, trace).catch(notCompiled);
  const once = cached === undefined ? await compileOnce(file, trace).catch(notCompiled) : undefined;
  // A mistake in the user's code that tsx would run past (as undefined) is theirs to fix, reported where it is.
  if (cached === undefined && missingExport(failed)) throw (await locatedFailure(failed, file)) ?? failed;
  const compiled = cached ?? once?.path;
  if (compiled !== undefined) {
    // Stack traces then point into tasks.ts, not into its compiled form.
    process.setSourceMapsEnabled(true);
    // Its import.meta.resolve(x) and import(x) resolve through dk, from the file they are written in.
    lendModules(compiler, trace);
    try {
      return await importModule<Module>(pathToFileURL(compiled).href);
    } catch (error) {
      if (!isLinkError(error)) throw loadError(error, file);
      if (once === undefined) discardCompiled(compiled);
      failed = error;
      trace?.(`tasks file: compiled module did not load (${(error as Error).message.split("\n")[0]})`);
    } finally {
      once?.remove();
    }
  }
  trace?.("tasks file: loading through tsx");
  await refuseUntrustedImports(file);
  try {
    return await importThroughTsx(file);
  } catch (error) {
    // tsx can fail for reasons of its own (top-level await in CommonJS): the first failure, located, is to fix.
    throw (failed === undefined ? undefined : await locatedFailure(failed, file)) ?? error;
  }
}

// Both tsx hooks: outside a `"type": "module"` package, tsx compiles tasks.ts as CommonJS.
async function importThroughTsx(file: string): Promise<Module> {
  // tsx would keep compiled files in a shared temporary directory (/tmp/tsx-<uid>) that another user can create
  // first; it reads the setting when its modules load and when its hooks' thread starts.
  const saved = process.env.TSX_DISABLE_CACHE;
  process.env.TSX_DISABLE_CACHE = "1";
  try {
    // Core first: modules imported after tsx registers its (off-thread) hooks load slower.
    const [esm, cjs, core] = await Promise.all([
      importModule<typeof import("tsx/esm/api")>("tsx/esm/api"),
      importModule<typeof import("tsx/cjs/api")>("tsx/cjs/api"),
      importModule<typeof import("@deploykit/core")>("@deploykit/core"),
    ]);
    pinCoreForImports(core);
    esm.register();
    cjs.register();
  } finally {
    if (saved === undefined) delete process.env.TSX_DISABLE_CACHE;
    else process.env.TSX_DISABLE_CACHE = saved;
  }
  try {
    const module = await importModule<Module>(pathToFileURL(file).href);
    return isCommonJs(module) ? (module.default as Module) : module;
  } catch (error) {
    throw loadError(error, file);
  }
}

const LINK_ERRORS = new Set([
  "ERR_MODULE_NOT_FOUND",
  "ERR_UNSUPPORTED_DIR_IMPORT",
  "ERR_PACKAGE_PATH_NOT_EXPORTED",
  "ERR_UNKNOWN_FILE_EXTENSION",
  "ERR_PACKAGE_IMPORT_NOT_DEFINED",
]);

// Failed before any of the module ran: an import Node could not resolve or link. Not an `import(x)` of the module's
// own code: that ran, and under tsx it would run again.
function isLinkError(error: unknown): boolean {
  if (error instanceof ImportError) return false;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && LINK_ERRORS.has(code)) return true;
  return (
    error instanceof SyntaxError && /does not provide an export named|Cannot use import statement/.test(error.message)
  );
}

function loadError(error: unknown, file: string): LoadError {
  return new LoadError({ file, ...locate(error, file), message: describe(error) }, { cause: error });
}

// A CommonJS module arrives as `{ default: module.exports }`.
function isCommonJs(module: Module): boolean {
  return Object.keys(module).length === 1 && typeof module.default === "object" && module.default !== null;
}

// The first line and column in `file` that the error points at: esbuild's report (its columns count from 0), else
// the stack. The path starts the location: `dk-location:/x/tasks.ts:7:13` is dk's module beside the file, not it.
function locate(error: unknown, file: string): { line?: number; column?: number } {
  const text = error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : "";
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`(?:^|[\\s(]|file://)${escaped}(?:\\?[^:]*)?:(\\d+):(\\d+)(: ERROR: )?`, "m").exec(text);
  return match ? { line: Number(match[1]), column: Number(match[2]) + (match[3] ? 1 : 0) } : {};
}

// One line: what went wrong while importing. esbuild's first line only counts its errors ("Transform failed with 1
// error:"); the first error, without its location (LoadError names that), follows on the next line.
function describe(error: unknown): string {
  if (!(error instanceof Error)) return `threw while loading: ${String(error)}`;
  const lines = error.message.split("\n").filter((line) => line.trim() !== "");
  const first = (lines[0] ?? "").replace(/^(?:Transform|Build) failed with \d+ errors?:\s*/, "");
  const what = (first || (lines[1] ?? "")).replace(/^.*?:\d+:\d+: ERROR: /, "");
  return `${error.name === "Error" ? "" : `${error.name}: `}${what || "no message"} (while loading the tasks file)`;
}
