import { readFileSync, realpathSync, statSync } from "node:fs";
import { isBuiltin } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirsUpward } from "../dirs-upward.ts";
import { importConditions } from "./import-conditions.ts";
import { ImportError } from "./import-error.ts";
import { mappedTarget } from "./package-exports.ts";

type PackageJson = { name?: unknown; main?: unknown; exports?: unknown; imports?: unknown };
type Scope = { readonly dir: string; readonly json: PackageJson };

/**
 * What `import.meta.resolve(specifier)` gives in the module at `parent` (a file URL), by Node's ESM resolution, without
 * loader hooks: relative and absolute URLs; `#imports` of the nearest package.json; packages from the node_modules
 * above `parent`, or the package itself by its name, through their "exports" under the import conditions (and
 * `--conditions`), else "main"; builtins as `node:` URLs. An existing file is named by its real path (Node loads it
 * so); a missing or directory one keeps its URL, as import.meta.resolve does. Failures throw ImportError.
 */
export function resolveImport(specifier: string, parent: string): string {
  if (/^\.{1,2}(?:\/|$)|^\//.test(specifier)) return finished(new URL(specifier, parent));
  if (specifier.startsWith("#")) return resolveSubpathImport(specifier, parent);
  if (URL.canParse(specifier)) return finished(new URL(specifier));
  if (isBuiltin(specifier)) return `node:${specifier}`;
  const name = packageName(specifier);
  if (name === undefined) {
    const what = `'${specifier}' is not a valid package name`;
    throw new ImportError("ERR_INVALID_MODULE_SPECIFIER", what, specifier, parent, "correct the name");
  }
  const subpath = `.${specifier.slice(name.length)}`;
  const dir = dirname(fileURLToPath(parent));
  const own = scopeOf(dir);
  if (own?.json.name === name && own.json.exports !== undefined && own.json.exports !== null)
    return exported(own, subpath, specifier, parent);
  for (const above of dirsUpward(dir)) {
    const packageDir = join(above, "node_modules", name);
    if (!statSync(packageDir, { throwIfNoEntry: false })?.isDirectory()) continue;
    const scope = { dir: packageDir, json: readJson(join(packageDir, "package.json")) ?? {} };
    if (scope.json.exports !== undefined && scope.json.exports !== null)
      return exported(scope, subpath, specifier, parent);
    if (subpath === ".") return legacyMain(scope, specifier, parent);
    return finished(new URL(subpath, pathToFileURL(`${packageDir}/`)));
  }
  const hint = "install it in the project (its node_modules), or correct the name";
  throw new ImportError("ERR_MODULE_NOT_FOUND", `Cannot find package '${name}'`, specifier, parent, hint);
}

// `@scope/name/sub` → `@scope/name`, `name/sub` → `name`; undefined for what Node takes for no package name.
function packageName(specifier: string): string | undefined {
  const slash = specifier.indexOf("/");
  const end = specifier.startsWith("@") ? (slash === -1 ? -1 : specifier.indexOf("/", slash + 1)) : slash;
  if (specifier.startsWith("@") && slash === -1) return undefined;
  const name = end === -1 ? specifier : specifier.slice(0, end);
  return /^\.|%|\\/.test(name) ? undefined : name;
}

function exported(scope: Scope, subpath: string, specifier: string, parent: string): string {
  const invalid = invalidTarget(scope, specifier, parent);
  const target = mappedTarget(scope.json.exports, subpath, importConditions(), false, invalid);
  if (target === undefined) {
    const what = `Package subpath '${subpath}' is not defined by "exports" in ${join(scope.dir, "package.json")}`;
    const hint = "import a path the package exports";
    throw new ImportError("ERR_PACKAGE_PATH_NOT_EXPORTED", what, specifier, parent, hint);
  }
  return finished(new URL(target, pathToFileURL(`${scope.dir}/`)));
}

function resolveSubpathImport(specifier: string, parent: string): string {
  const scope = specifier === "#" || specifier.startsWith("#/") ? undefined : scopeOf(dirname(fileURLToPath(parent)));
  const invalid = invalidTarget(scope ?? { dir: "", json: {} }, specifier, parent);
  const target = scope && mappedTarget(scope.json.imports, specifier, importConditions(), true, invalid);
  if (scope === undefined || target === undefined) {
    const what = `Package import specifier "${specifier}" is not defined`;
    const hint = `map it in "imports" of the package.json above, or correct it`;
    throw new ImportError("ERR_PACKAGE_IMPORT_NOT_DEFINED", what, specifier, parent, hint);
  }
  if (target.startsWith("./")) return finished(new URL(target, pathToFileURL(`${scope.dir}/`)));
  return resolveImport(target, pathToFileURL(join(scope.dir, "package.json")).href);
}

function invalidTarget(scope: Scope, specifier: string, parent: string): (target: unknown) => never {
  return (target) => {
    const what = `Invalid target ${JSON.stringify(target)} for '${specifier}' in ${join(scope.dir, "package.json")}`;
    throw new ImportError("ERR_INVALID_PACKAGE_TARGET", what, specifier, parent, "the package's mapping is broken");
  };
}

// A package without "exports": its "main", tried with Node's extensions, else its index.
function legacyMain(scope: Scope, specifier: string, parent: string): string {
  const { main } = scope.json;
  const named =
    typeof main === "string"
      ? [main, ...[".js", ".json", ".node", "/index.js", "/index.json", "/index.node"].map((end) => main + end)]
      : [];
  for (const candidate of [...named, "index.js", "index.json", "index.node"]) {
    const path = resolve(scope.dir, candidate);
    if (statSync(path, { throwIfNoEntry: false })?.isFile()) return finished(pathToFileURL(path));
  }
  const hint = "reinstall the package: it has neither exports, main nor an index file";
  throw new ImportError("ERR_MODULE_NOT_FOUND", `Cannot find package '${scope.dir}'`, specifier, parent, hint);
}

// The nearest package.json above `dir`, not looking past a node_modules directory.
function scopeOf(dir: string): Scope | undefined {
  for (const above of dirsUpward(dir)) {
    if (basename(above) === "node_modules") return undefined;
    const json = readJson(join(above, "package.json"));
    if (json !== undefined) return { dir: above, json };
  }
  return undefined;
}

function readJson(path: string): PackageJson | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  const json: unknown = JSON.parse(text);
  return json !== null && typeof json === "object" ? (json as PackageJson) : {};
}

// A file URL for a file that exists becomes its real path's, with the same query and fragment.
function finished(url: URL): string {
  if (url.protocol !== "file:") return url.href;
  const path = fileURLToPath(url);
  if (!statSync(path, { throwIfNoEntry: false })?.isFile()) return url.href;
  const real = pathToFileURL(realpathSync(path));
  real.search = url.search;
  real.hash = url.hash;
  return real.href;
}
