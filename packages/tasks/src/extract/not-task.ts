import { ts, type TS } from "./typescript.ts";
import type { Walk } from "./found.ts";

/** An exported value that is no function, or one dk cannot read a signature from: why it is no task, and where. */
export type Other = { readonly name: string; readonly reason: string; readonly at: TS.Node };

// A type without a value (an interface, a type alias) is no export a user would run, and goes unmentioned.
export function noteOther(walk: Walk, symbol: TS.Symbol, name: string): void {
  const at = symbol.valueDeclaration;
  if (!(symbol.flags & ts.SymbolFlags.Value) || at === undefined) return;
  walk.others.push({ name, reason: reasonOf(walk.checker, symbol), at });
}

function reasonOf(checker: TS.TypeChecker, symbol: TS.Symbol): string {
  if (symbol.flags & ts.SymbolFlags.Class) return "it is a class; dk runs exported functions (export one that uses it)";
  const type = checker.getTypeOfSymbol(symbol);
  if (type.getCallSignatures().length > 0)
    return (
      "it is a function made by an expression, whose flags dk cannot read; " +
      "export a function declaration or an arrow function"
    );
  // dk reads signatures without the standard library or packages' types: a Promise or a Group may be `any` here.
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return "it is a value, not a function";
  return `its type is \`${checker.typeToString(checker.getBaseTypeOfLiteralType(type))}\`, not a function`;
}
