import { dirname } from "node:path";
import { pathToFileURL } from "node:url";

/** The namespace of the modules that tell each compiled file where it is. */
export const LOCATION_NAMESPACE = "dk-location";
/** How a file's appended import names its location module: the namespace, then the file's path. */
export const LOCATION_SPECIFIER = /^dk-location:/;

const NAMES = { url: "dkImportMetaUrl", filename: "dkFilename", dirname: "dkDirname" } as const;

/** The build's defines: `import.meta.url` and its kin name constants that each file gets for itself. */
export const LOCATION_DEFINES: Record<string, string> = {
  "import.meta.url": NAMES.url,
  "import.meta.filename": NAMES.filename,
  "import.meta.dirname": NAMES.dirname,
  __filename: NAMES.filename,
  __dirname: NAMES.dirname,
};

// A file with import or export statements is an ES module to esbuild; one more import keeps it one.
const MODULE_SYNTAX = /^[ \t]*(?:import[ \t]*[\w{*"'$]|export[ \t]*[\w{*])/m;
const COMMONJS = /\bmodule\.exports\b|\bexports\.[\w$]|\brequire[ \t]*\(/;

/**
 * `source` with the constants that say where its file is (not where its compiled form is cached). An ES module
 * imports them with an import appended at its end (imports are hoisted, and no line or column moves); a CommonJS
 * file declares them at the start of its first line (after a hashbang), so only columns on that line move.
 */
export function withLocation(source: string, path: string): string {
  const isModule = !/\.c[jt]s$/.test(path) && (MODULE_SYNTAX.test(source) || !COMMONJS.test(source));
  if (isModule) {
    const from = JSON.stringify(`${LOCATION_NAMESPACE}:${path}`);
    return `${source}\nimport { ${Object.values(NAMES).join(", ")} } from ${from};\n`;
  }
  const prologue = `const ${declarations(path)};`;
  if (!source.startsWith("#!")) return prologue + source;
  const end = source.indexOf("\n") + 1 || source.length;
  return source.slice(0, end) + prologue + source.slice(end);
}

/** The module a file's appended import loads: the location constants of the file at `path`. */
export function locationModule(path: string): string {
  return `export const ${declarations(path)};\n`;
}

function declarations(path: string): string {
  return [
    `${NAMES.url} = ${JSON.stringify(pathToFileURL(path).href)}`,
    `${NAMES.filename} = ${JSON.stringify(path)}`,
    `${NAMES.dirname} = ${JSON.stringify(dirname(path))}`,
  ].join(", ");
}
