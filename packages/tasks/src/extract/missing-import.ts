import { isBuiltin } from "node:module";
import { dirname, resolve } from "node:path";
import { ts, type TS } from "./typescript.ts";
import { resolveModule, type Resolver } from "./resolver.ts";

/** An import that a written type goes through and that leads to nothing: its module's name, and why. */
export type MissingImport = { readonly specifier: TS.StringLiteralLike; readonly why: string };

// Re-exports followed from the name used; deeper chains than anyone writes are left to the general message.
const MAX_DEPTH = 8;

/**
 * The first name in `node` (a written type) whose import, or a re-export on its way, leads to no module on disk: not
 * to one the program left out (a declaration file, JavaScript), which is there and only out of dk's sight.
 */
export function missingImport(resolver: Resolver, checker: TS.TypeChecker, node: TS.Node): MissingImport | undefined {
  let found: MissingImport | undefined;
  const visit = (child: TS.Node): void => {
    if (found !== undefined) return;
    const symbol = ts.isIdentifier(child) ? checker.getSymbolAtLocation(child) : undefined;
    found = symbol && brokenAlias(resolver, checker, symbol);
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

function brokenAlias(resolver: Resolver, checker: TS.TypeChecker, symbol: TS.Symbol): MissingImport | undefined {
  let alias: TS.Symbol | undefined = symbol;
  for (let depth = 0; alias !== undefined && alias.flags & ts.SymbolFlags.Alias && depth < MAX_DEPTH; depth++) {
    const specifier = moduleOf(alias.declarations?.[0]);
    // The program found it: whatever is wrong further on is not this import.
    if (specifier !== undefined && checker.getSymbolAtLocation(specifier) === undefined) {
      return missing(resolver, specifier);
    }
    alias = checker.getImmediateAliasedSymbol(alias);
  }
  return undefined;
}

function missing(resolver: Resolver, specifier: TS.StringLiteralLike): MissingImport | undefined {
  const name = specifier.text;
  const from = specifier.getSourceFile();
  const mode = ts.getModeForUsageLocation(from, specifier, resolver.options);
  if (isBuiltin(name) || resolveModule(resolver, name, from.fileName, mode) !== undefined) return undefined;
  // Where the file could appear: its absence is an input of the read, as a package's absence is (resolveModule).
  if (name.startsWith("."))
    for (const path of candidates(resolve(dirname(from.fileName), name))) resolver.decided.add(path);
  const why = /^[./#]/.test(name)
    ? "which is not there; fix the import"
    : "which cannot be found; install it, or fix the import";
  return { specifier, why: `comes from "${name}", ${why}` };
}

// The files a relative import could name: as written, or with what TypeScript and esbuild add or swap in.
function candidates(path: string): string[] {
  const stem = path.replace(/\.[cm]?jsx?$/, "");
  return [path, ...[".ts", ".tsx", ".mts", ".cts", ".d.ts", "/index.ts", "/index.tsx"].map((end) => `${stem}${end}`)];
}

/**
 * The module an import or re-export names: `import { A } from "m"`, `import A from "m"`, `import * as m from "m"`,
 * `export { A } from "m"`, `import m = require("m")`.
 */
export function moduleOf(declaration: TS.Declaration | undefined): TS.StringLiteralLike | undefined {
  if (declaration === undefined) return undefined;
  const statement = ts.isImportSpecifier(declaration)
    ? declaration.parent.parent.parent
    : ts.isImportClause(declaration)
      ? declaration.parent
      : ts.isNamespaceImport(declaration)
        ? declaration.parent.parent
        : ts.isExportSpecifier(declaration)
          ? declaration.parent.parent
          : declaration;
  const specifier =
    ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)
      ? statement.moduleSpecifier
      : ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)
        ? statement.moduleReference.expression
        : undefined;
  return specifier !== undefined && ts.isStringLiteralLike(specifier) ? specifier : undefined;
}
