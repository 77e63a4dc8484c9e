import { ts, type TS } from "./typescript.ts";
import type { JsonValue } from "../types.ts";

export type DefaultValue = { readonly default: JsonValue } | { readonly defaultText: string };

// The default of a destructured property: its literal value when it has one, else its source text.
export function defaultOf(initializer: TS.Expression): DefaultValue {
  const value = literal(initializer);
  return value === undefined ? { defaultText: initializer.getText() } : { default: value };
}

function literal(node: TS.Expression): JsonValue | undefined {
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) {
    return literal(node.expression);
  }
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (
    ts.isPrefixUnaryExpression(node) &&
    node.operator === ts.SyntaxKind.MinusToken &&
    ts.isNumericLiteral(node.operand)
  ) {
    return -Number(node.operand.text);
  }
  if (ts.isArrayLiteralExpression(node)) {
    const items = node.elements.map((element) => literal(element));
    return items.every((item) => item !== undefined) ? (items as JsonValue[]) : undefined;
  }
  return undefined;
}
