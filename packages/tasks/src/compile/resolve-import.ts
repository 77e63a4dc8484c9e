import { createRequire } from "node:module";
import type * as ImportMetaResolve from "import-meta-resolve";
import { importConditions } from "./import-conditions.ts";
import { ImportError } from "./import-error.ts";

// What to do about each of Node's resolution failures; a failure not named here is thrown as the library gave it.
const HINTS: Readonly<Record<string, string>> = {
  ERR_MODULE_NOT_FOUND: "install it in the project (its node_modules), or correct the name",
  ERR_PACKAGE_PATH_NOT_EXPORTED: "import a path the package exports",
  ERR_PACKAGE_IMPORT_NOT_DEFINED: `map it in "imports" of the package.json above, or correct it`,
  ERR_INVALID_PACKAGE_TARGET: "the package's mapping is broken",
  ERR_INVALID_PACKAGE_CONFIG: "correct the package.json it names",
  ERR_INVALID_MODULE_SPECIFIER: "correct the name",
};

let library: typeof ImportMetaResolve | undefined;

/**
 * What `import.meta.resolve(specifier)` gives in the module at `parent` (a file URL): Node's ESM resolution by
 * import-meta-resolve, under the conditions this process imports with (its --conditions too). A missing file or a
 * directory keeps its URL, as import.meta.resolve does; other failures throw ImportError, with Node's code.
 */
export function resolveImport(specifier: string, parent: string): string {
  // Loaded on the first call: only a tasks file that resolves at run time needs it.
  library ??= createRequire(import.meta.url)("import-meta-resolve") as typeof ImportMetaResolve;
  try {
    return library.moduleResolve(specifier, new URL(parent), new Set(importConditions()), false).href;
  } catch (error) {
    const { code, url, message } = error as { code?: unknown; url?: unknown; message?: unknown };
    if (typeof url === "string" && (code === "ERR_MODULE_NOT_FOUND" || code === "ERR_UNSUPPORTED_DIR_IMPORT"))
      return url;
    const hint = typeof code === "string" ? HINTS[code] : undefined;
    if (hint === undefined || typeof code !== "string") throw error;
    throw new ImportError(code, String(message), specifier, parent, hint, { cause: error });
  }
}
