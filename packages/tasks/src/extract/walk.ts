import { ts, type TS } from "./typescript.ts";
import { kebabCase } from "../names.ts";
import { add, functionAtEnd, type Found, type Place, type Walk } from "./found.ts";
import { noteOther, type Other } from "./not-task.ts";
import { starClashes } from "./star-clash.ts";
import { bySourceOrder, functionSymbol, objectOf, resolve, skipParentheses } from "./values.ts";

/** The exported functions, the other exported values, and whether some export leads where the program did not follow
 * (see `isLeftOut`). */
export type Walked = { readonly found: Found[]; readonly others: readonly Other[]; readonly leftOut: boolean };

// Every exported function of a module, namespaces (`export * as docs`, `export const docs = { build }`) walked
// to any depth; one entry per function, a second name for the same function being an alias.
export function walkExports(checker: TS.TypeChecker, module: TS.Symbol): Walked {
  const walk: Walk = { checker, found: new Map(), others: [], seen: new Set(), leftOut: false };
  walkModule(walk, module, { prefix: [], path: [] });
  return { found: [...walk.found.values()], others: walk.others, leftOut: walk.leftOut };
}

function walkModule(walk: Walk, module: TS.Symbol, at: Place): void {
  const { checker, seen } = walk;
  if (seen.has(module)) return;
  seen.add(module);
  // `export * from "pkg"` adds nothing to the exports when "pkg" was not followed.
  if (module.declarations?.some((declaration) => reExportsLeftOut(checker, declaration))) walk.leftOut = true;
  const clashes = starClashes(checker, module);
  for (const exported of checker.getExportsOfModule(module).sort(bySourceOrder)) {
    const name = exported.getName();
    if (name.startsWith("_")) continue;
    const from = clashes.get(name);
    if (from !== undefined) {
      const fn = functionAtEnd(walk, resolve(checker, exported));
      if (fn) add(walk, fn, exported, name, { ...at, path: [...at.path, name] }, false);
      const clash = `export * from ${from.join(" and ")} both give "${name}", so the module exports neither`;
      if (fn) walk.found.get(fn)!.clash = `${clash}; export one by name`;
      continue;
    }
    const symbol = resolve(checker, exported);
    if (name === "default") {
      const fn = functionAtEnd(walk, symbol);
      const own = fn && !ts.isMethodDeclaration(fn) && fn.name && ts.isIdentifier(fn.name) ? fn.name.text : "default";
      if (fn) add(walk, fn, symbol, own, { ...at, path: [...at.path, name] }, true);
      continue;
    }
    walkValue(walk, symbol, name, { ...at, path: [...at.path, name] });
  }
}

function walkValue(walk: Walk, symbol: TS.Symbol, name: string, at: Place): void {
  const inner = { prefix: [...at.prefix, kebabCase(name)], path: at.path };
  if (symbol.flags & ts.SymbolFlags.ValueModule) return walkModule(walk, symbol, inner);
  const object = objectOf(symbol);
  if (object) return walkObject(walk, object, inner);
  const fn = functionAtEnd(walk, symbol);
  if (fn) add(walk, fn, functionSymbol(walk.checker, fn) ?? symbol, name, at, false);
  else noteOther(walk, symbol, [...at.prefix, kebabCase(name)].join("."));
}

// `{ build, serve: () => {}, deep: { x } }`: each property a task or a namespace.
function walkObject(walk: Walk, object: TS.ObjectLiteralExpression, at: Place): void {
  const { checker } = walk;
  for (const property of object.properties) {
    if (!property.name || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) continue;
    const name = property.name.text;
    if (name.startsWith("_")) continue;
    const place = { prefix: at.prefix, path: [...at.path, name] };
    if (ts.isMethodDeclaration(property)) {
      const symbol = checker.getSymbolAtLocation(property.name);
      if (symbol) add(walk, property, symbol, name, place, false);
      continue;
    }
    const symbol = ts.isShorthandPropertyAssignment(property)
      ? checker.getShorthandAssignmentValueSymbol(property)
      : checker.getSymbolAtLocation(property.name);
    if (!symbol) continue;
    if (ts.isPropertyAssignment(property)) {
      const value = skipParentheses(property.initializer);
      if (ts.isObjectLiteralExpression(value)) {
        walkObject(walk, value, { prefix: [...at.prefix, kebabCase(name)], path: place.path });
        continue;
      }
      if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) {
        add(walk, value, symbol, name, place, false);
        continue;
      }
      const target = ts.isIdentifier(value) ? checker.getSymbolAtLocation(value) : undefined;
      if (target) walkValue(walk, resolve(checker, target), name, place);
      else if (ts.isIdentifier(value)) walk.leftOut = true;
      continue;
    }
    walkValue(walk, resolve(checker, symbol), name, place);
  }
}

function reExportsLeftOut(checker: TS.TypeChecker, declaration: TS.Declaration): boolean {
  if (!ts.isSourceFile(declaration)) return false;
  return declaration.statements.some(
    (statement) =>
      ts.isExportDeclaration(statement) &&
      statement.exportClause === undefined &&
      statement.moduleSpecifier !== undefined &&
      checker.getSymbolAtLocation(statement.moduleSpecifier) === undefined,
  );
}
