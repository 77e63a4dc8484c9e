import { ts, type TS } from "./typescript.ts";
import type { TaskFunction } from "./signature.ts";

// The function a symbol declares: `function f`, a method, or `const f = () => {}` (`valueEnd` first follows aliases).
export function functionOf(symbol: TS.Symbol): TaskFunction | undefined {
  const declaration = symbol.valueDeclaration;
  if (!declaration) return undefined;
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) return declaration;
  if (!ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  const value = skipParentheses(declaration.initializer);
  return ts.isArrowFunction(value) || ts.isFunctionExpression(value) ? value : undefined;
}

// The symbol at the end of `const b = build` chains (through imports); undefined when a name there resolves to
// nothing, or the chain is deeper than anyone writes.
export function valueEnd(checker: TS.TypeChecker, symbol: TS.Symbol, depth = 0): TS.Symbol | undefined {
  const declaration = symbol.valueDeclaration;
  if (depth > 8) return undefined;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return symbol;
  const value = skipParentheses(declaration.initializer);
  if (!ts.isIdentifier(value)) return symbol;
  const target = checker.getSymbolAtLocation(value);
  return target && valueEnd(checker, resolve(checker, target), depth + 1);
}

// A name the program could not follow: an import of a module it left out, or a name declared in no file it read.
export function isLeftOut(symbol: TS.Symbol | undefined): boolean {
  return symbol === undefined || (symbol.declarations?.length ?? 0) === 0;
}

// The symbol that carries the function's own JSDoc, for an alias `const b = build`.
export function functionSymbol(checker: TS.TypeChecker, fn: TaskFunction): TS.Symbol | undefined {
  const named = ts.isFunctionDeclaration(fn)
    ? fn.name
    : ts.isVariableDeclaration(fn.parent)
      ? fn.parent.name
      : undefined;
  return named ? checker.getSymbolAtLocation(named) : undefined;
}

export function objectOf(symbol: TS.Symbol): TS.ObjectLiteralExpression | undefined {
  const declaration = symbol.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  const value = skipParentheses(declaration.initializer);
  return ts.isObjectLiteralExpression(value) ? value : undefined;
}

export function resolve(checker: TS.TypeChecker, symbol: TS.Symbol): TS.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

// Tasks are listed in the order the file declares them.
export function bySourceOrder(a: TS.Symbol, b: TS.Symbol): number {
  return (a.declarations?.[0]?.pos ?? 0) - (b.declarations?.[0]?.pos ?? 0);
}

export function skipParentheses(node: TS.Expression): TS.Expression {
  return ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)
    ? skipParentheses(node.expression)
    : node;
}
