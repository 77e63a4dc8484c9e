import { ts, type TS } from "./typescript.ts";
import { kebabCase } from "../names.ts";
import type { TaskFunction } from "./signature.ts";
import { bySourceOrder, functionOf, functionSymbol, objectOf, resolve, skipParentheses } from "./values.ts";

/** A function found among the exports: where it is, and every name it goes by. */
export type Found = {
  /** Dotted kebab-case names, the first is the task's name: `docs.build`. */
  readonly names: string[];
  readonly exportName: string;
  readonly members: readonly string[];
  readonly symbol: TS.Symbol;
  readonly fn: TaskFunction;
  isDefault: boolean;
};

type Place = { readonly prefix: readonly string[]; readonly path: readonly string[] };

// Every exported function of a module, namespaces (`export * as docs`, `export const docs = { build }`) walked
// to any depth; one entry per function, a second name for the same function being an alias.
export function walkExports(checker: TS.TypeChecker, module: TS.Symbol): Found[] {
  const found = new Map<TaskFunction, Found>();
  walkModule(checker, module, { prefix: [], path: [] }, found, new Set());
  return [...found.values()];
}

function walkModule(
  checker: TS.TypeChecker,
  module: TS.Symbol,
  at: Place,
  found: Map<TaskFunction, Found>,
  seen: Set<TS.Symbol>,
): void {
  if (seen.has(module)) return;
  seen.add(module);
  for (const exported of checker.getExportsOfModule(module).sort(bySourceOrder)) {
    const name = exported.getName();
    if (name.startsWith("_")) continue;
    const symbol = resolve(checker, exported);
    if (name === "default") {
      const fn = functionOf(checker, symbol);
      const own = fn && !ts.isMethodDeclaration(fn) && fn.name && ts.isIdentifier(fn.name) ? fn.name.text : "default";
      if (fn) add(found, fn, symbol, own, { ...at, path: [...at.path, name] }, true);
      continue;
    }
    walkValue(checker, symbol, name, { ...at, path: [...at.path, name] }, found, seen);
  }
}

function walkValue(
  checker: TS.TypeChecker,
  symbol: TS.Symbol,
  name: string,
  at: Place,
  found: Map<TaskFunction, Found>,
  seen: Set<TS.Symbol>,
): void {
  const inner = { prefix: [...at.prefix, kebabCase(name)], path: at.path };
  if (symbol.flags & ts.SymbolFlags.ValueModule) return walkModule(checker, symbol, inner, found, seen);
  const object = objectOf(symbol);
  if (object) return walkObject(checker, object, inner, found, seen);
  const fn = functionOf(checker, symbol);
  if (fn) add(found, fn, functionSymbol(checker, fn) ?? symbol, name, at, false);
}

// `{ build, serve: () => {}, deep: { x } }`: each property a task or a namespace.
function walkObject(
  checker: TS.TypeChecker,
  object: TS.ObjectLiteralExpression,
  at: Place,
  found: Map<TaskFunction, Found>,
  seen: Set<TS.Symbol>,
): void {
  for (const property of object.properties) {
    if (!property.name || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) continue;
    const name = property.name.text;
    if (name.startsWith("_")) continue;
    const place = { prefix: at.prefix, path: [...at.path, name] };
    if (ts.isMethodDeclaration(property)) {
      const symbol = checker.getSymbolAtLocation(property.name);
      if (symbol) add(found, property, symbol, name, place, false);
      continue;
    }
    const symbol = ts.isShorthandPropertyAssignment(property)
      ? checker.getShorthandAssignmentValueSymbol(property)
      : checker.getSymbolAtLocation(property.name);
    if (!symbol) continue;
    if (ts.isPropertyAssignment(property)) {
      const value = skipParentheses(property.initializer);
      if (ts.isObjectLiteralExpression(value)) {
        walkObject(checker, value, { prefix: [...at.prefix, kebabCase(name)], path: place.path }, found, seen);
        continue;
      }
      if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) {
        add(found, value, symbol, name, place, false);
        continue;
      }
      const target = ts.isIdentifier(value) ? checker.getSymbolAtLocation(value) : undefined;
      if (target) walkValue(checker, resolve(checker, target), name, place, found, seen);
      continue;
    }
    walkValue(checker, resolve(checker, symbol), name, place, found, seen);
  }
}

function add(
  found: Map<TaskFunction, Found>,
  fn: TaskFunction,
  symbol: TS.Symbol,
  name: string,
  at: Place,
  isDefault: boolean,
): void {
  const full = [...at.prefix, kebabCase(name)].join(".");
  const known = found.get(fn);
  if (known) {
    if (!known.names.includes(full) && !isDefault) known.names.push(full);
    known.isDefault ||= isDefault;
    return;
  }
  const [exportName, ...members] = at.path;
  found.set(fn, { names: [full], exportName: exportName!, members, symbol, fn, isDefault });
}
