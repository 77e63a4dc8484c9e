import { readFileSync } from "node:fs";
import { ts, type TS } from "./typescript.ts";
import { moduleOf } from "./missing-import.ts";
import { resolveSource, type Resolver } from "./resolver.ts";

/** A name bound by an import: the module it names, from which file, and the name it has there. */
type Imported = { readonly specifier: TS.StringLiteralLike; readonly from: TS.SourceFile; readonly name: string };

/** What a module exports under a name, as far as its syntax tells: a class, something else, or nothing. */
type Export = "class" | "other" | "none";

// Deeper re-export chains than this are read by the whole program instead.
const MAX_DEPTH = 8;

// Whether the full read would see what this imported name is: its module is a TypeScript source there. When it
// is not (a declaration file, JavaScript, nothing), both reads see the same unknown type.
export function seenWithPackages(resolver: Resolver, symbol: TS.Symbol): boolean {
  const imported = importOf(symbol);
  return imported === undefined || resolved(resolver, imported.specifier, imported.from) !== undefined;
}

// `(host: Host)`, `(group: Group<Meta>)` with a class a package exports: never an object of flags, so the first
// read's "not an object of flags" is what the full read says too. Read from the package's syntax, a few files.
export function isPackageClass(resolver: Resolver, checker: TS.TypeChecker, type: TS.TypeNode): boolean {
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return false;
  const symbol = checker.getSymbolAtLocation(type.typeName);
  const imported = symbol && importOf(symbol);
  const file = imported && resolved(resolver, imported.specifier, imported.from);
  return file !== undefined && exportOf(resolver, file, imported!.name, 0) === "class";
}

function importOf(symbol: TS.Symbol): Imported | undefined {
  const declaration = symbol.declarations?.[0];
  if (declaration === undefined || !ts.isImportSpecifier(declaration)) return undefined;
  const specifier = moduleOf(declaration);
  if (specifier === undefined) return undefined;
  const name = (declaration.propertyName ?? declaration.name).text;
  return { specifier, from: declaration.getSourceFile(), name };
}

function resolved(resolver: Resolver, specifier: TS.StringLiteralLike, from: TS.SourceFile): string | undefined {
  const mode = ts.getModeForUsageLocation(from, specifier, resolver.options);
  return resolveSource(resolver, specifier.text, from.fileName, mode)?.resolvedFileName;
}

function exportOf(resolver: Resolver, file: string, name: string, depth: number): Export {
  const source = depth < MAX_DEPTH ? parse(resolver, file) : undefined;
  if (source === undefined) return "other";
  const stars: TS.StringLiteralLike[] = [];
  for (const statement of source.statements) {
    if (declares(statement, name) && isExported(statement)) return ts.isClassDeclaration(statement) ? "class" : "other";
    if (!ts.isExportDeclaration(statement)) continue;
    const specifier = statement.moduleSpecifier;
    const clause = statement.exportClause;
    if (clause === undefined) {
      if (specifier !== undefined && ts.isStringLiteralLike(specifier)) stars.push(specifier);
      continue;
    }
    const element = ts.isNamedExports(clause) ? clause.elements.find((e) => e.name.text === name) : undefined;
    if (element === undefined) continue;
    const local = (element.propertyName ?? element.name).text;
    if (specifier === undefined) return localOf(resolver, source, local, depth);
    return ts.isStringLiteralLike(specifier) ? follow(resolver, specifier, source, local, depth) : "other";
  }
  // A name no statement exports itself comes from `export *`, and only when one module has it.
  const found = stars.map((star) => follow(resolver, star, source, name, depth)).filter((kind) => kind !== "none");
  return found.length === 0 ? "none" : found.length === 1 ? found[0]! : "other";
}

// `export { Host }` of a name declared or imported in the same file.
function localOf(resolver: Resolver, source: TS.SourceFile, name: string, depth: number): Export {
  for (const statement of source.statements) {
    if (ts.isClassDeclaration(statement) && statement.name?.text === name) return "class";
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteralLike(statement.moduleSpecifier)) continue;
    const bindings = statement.importClause?.namedBindings;
    const element =
      bindings && ts.isNamedImports(bindings) ? bindings.elements.find((e) => e.name.text === name) : undefined;
    if (element !== undefined)
      return follow(resolver, statement.moduleSpecifier, source, (element.propertyName ?? element.name).text, depth);
  }
  return "other";
}

function follow(
  resolver: Resolver,
  specifier: TS.StringLiteralLike,
  from: TS.SourceFile,
  name: string,
  depth: number,
): Export {
  const file = resolved(resolver, specifier, from);
  return file === undefined ? "other" : exportOf(resolver, file, name, depth + 1);
}

function parse(resolver: Resolver, file: string): TS.SourceFile | undefined {
  try {
    const format = ts.getImpliedNodeFormatForFile(file as TS.Path, undefined, resolver.host, resolver.options);
    const options = { languageVersion: ts.ScriptTarget.ES2022, impliedNodeFormat: format };
    return ts.createSourceFile(file, readFileSync(file, "utf8"), options, true);
  } catch {
    return undefined;
  }
}

// A statement that declares `name` itself: `class Host`, `type Host =`, `const Host =`, …
function declares(statement: TS.Statement, name: string): boolean {
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name);
  }
  const named = statement as TS.Statement & { readonly name?: TS.Node };
  return named.name !== undefined && ts.isIdentifier(named.name) && named.name.text === name;
}

// `export class Host`, not `export default class Host` (exported as "default").
function isExported(statement: TS.Statement): boolean {
  if (!ts.canHaveModifiers(statement)) return false;
  const kinds = new Set(ts.getModifiers(statement)?.map((modifier) => modifier.kind));
  return kinds.has(ts.SyntaxKind.ExportKeyword) && !kinds.has(ts.SyntaxKind.DefaultKeyword);
}
