import { ts, type TS } from "./typescript.ts";
import type { TaskFunction } from "./signature.ts";

// The function a symbol stands for: a declaration, `const f = () => {}`, or `const b = build` (an alias).
export function functionOf(checker: TS.TypeChecker, symbol: TS.Symbol, depth = 0): TaskFunction | undefined {
  const declaration = symbol.valueDeclaration;
  if (!declaration || depth > 8) return undefined;
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) return declaration;
  if (!ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  const value = skipParentheses(declaration.initializer);
  if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value;
  const target = ts.isIdentifier(value) ? checker.getSymbolAtLocation(value) : undefined;
  return target ? functionOf(checker, resolve(checker, target), depth + 1) : undefined;
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
