import { dirname } from "node:path";
import { pathToFileURL } from "node:url";

/** The namespace of the modules that tell each compiled file where it is. */
export const LOCATION_NAMESPACE = "dk-location";
/** How a file's appended import names its location module: the namespace, then the file's path. */
export const LOCATION_SPECIFIER = /^dk-location:/;

/** The global under which dk lends compiled modules its resolution (see lend-modules.ts), by Symbol.for. */
export const MODULES_KEY = "@deploykit/tasks.modules";

const NAMES = {
  url: "dkImportMetaUrl",
  filename: "dkFilename",
  dirname: "dkDirname",
  resolve: "dkImportMetaResolve",
  requireResolve: "dkRequireResolve",
  // As long as the keyword each replaces in `import(x)` and `require(x)`: no column after it moves.
  import: "dk$imp",
  require: "dk$reqr",
} as const;

/** What an `import(` or a `require(` that esbuild leaves to run time is rewritten to, keyword for keyword. */
export const RUN_TIME_FUNCTIONS = { import: NAMES.import, require: NAMES.require } as const;

/** The build's defines: `import.meta.url` and its kin name constants and functions that each file gets for itself. */
export const LOCATION_DEFINES: Record<string, string> = {
  "import.meta.url": NAMES.url,
  "import.meta.filename": NAMES.filename,
  "import.meta.dirname": NAMES.dirname,
  "import.meta.resolve": NAMES.resolve,
  "require.resolve": NAMES.requireResolve,
  __filename: NAMES.filename,
  __dirname: NAMES.dirname,
};

// A file with import or export statements is an ES module to esbuild; one more import keeps it one.
const MODULE_SYNTAX = /^[ \t]*(?:import[ \t]*[\w{*"'$]|export[ \t]*[\w{*])/m;
const COMMONJS = /\bmodule\.exports\b|\bexports\.[\w$]|\brequire[ \t]*\(/;

/**
 * `source` with the names that say where its file is (not where its compiled form is cached), and that resolve
 * from there. An ES module imports them with an import appended at its end (imports are hoisted, and no line or
 * column moves); a CommonJS file requires them at the start of its first line (after a hashbang), so only columns
 * on that line move.
 */
export function withLocation(source: string, path: string): string {
  const isModule = !/\.c[jt]s$/.test(path) && (MODULE_SYNTAX.test(source) || !COMMONJS.test(source));
  const names = Object.values(NAMES).join(", ");
  const from = JSON.stringify(`${LOCATION_NAMESPACE}:${path}`);
  if (isModule) return `${source}\nimport { ${names} } from ${from};\n`;
  const prologue = `const { ${names} } = require(${from});`;
  if (!source.startsWith("#!")) return prologue + source;
  const end = source.indexOf("\n") + 1 || source.length;
  return source.slice(0, end) + prologue + source.slice(end);
}

/**
 * The module a file's appended import loads: the location constants of the file at `path`, `import.meta.resolve`
 * and `import()` as from there, through what dk lends, and `require.resolve()` and `require()` by Node's require for
 * that file (the bundle's `require` is the tasks file's); esbuild drops those a file does not use. The `import()` is
 * this module's own, so that a file's import attributes (`with: { type: "json" }`) reach Node.
 */
export function locationModule(path: string): string {
  const url = JSON.stringify(pathToFileURL(path).href);
  return [
    // Got when first called: a file that does not use it pays nothing, not even an import.
    `let required;`,
    `const fileRequire = () => (required ??= process.getBuiltinModule("node:module").createRequire(${url}));`,
    `export const ${NAMES.requireResolve} = (request, options) => fileRequire().resolve(request, options);`,
    `export const ${NAMES.require} = (id) => fileRequire()(id);`,
    `export const ${NAMES.url} = ${url};`,
    `export const ${NAMES.filename} = ${JSON.stringify(path)};`,
    `export const ${NAMES.dirname} = ${JSON.stringify(dirname(path))};`,
    `const modules = () => globalThis[Symbol.for(${JSON.stringify(MODULES_KEY)})];`,
    `export const ${NAMES.resolve} = (specifier) => modules().resolve(specifier, ${url});`,
    `export const ${NAMES.import} = (specifier, options) =>`,
    `  modules().import(specifier, ${url}, (url) => import(url, options));`,
    "",
  ].join("\n");
}
