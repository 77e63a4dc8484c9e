import { ts, type TS } from "./typescript.ts";
import type { FlagType } from "../types.ts";

export type FlagShape = {
  readonly type: FlagType;
  readonly choices?: readonly (string | number)[];
  readonly only?: boolean;
};

const SUPPORTED = "use string, number, boolean, a union of string literals, string[] or number[]";

// Maps a property's type to a flag shape, or explains why it cannot be a flag.
export function flagShape(checker: TS.TypeChecker, type: TS.Type, node?: TS.TypeNode): FlagShape | string {
  const nonNull = checker.getNonNullableType(type);
  const written = node?.getText();
  if (checker.isArrayType(nonNull)) return arrayShape(checker, nonNull as TS.TypeReference);
  const scalar = scalarShape(checker, nonNull);
  if (scalar) return scalar;
  // The tiny lib has no Date, so it is known by how it is written.
  if (written !== undefined && /^Date(\s*\|\s*(undefined|null))*$/.test(written.trim())) {
    return (
      "`Date` cannot be a flag: dk does not guess a time zone; take an ISO 8601 string (`when?: string`) " +
      "and call `new Date(when)` in the task"
    );
  }
  // A name no file declares (a typo) is `any` to the checker too; "cannot see" would send the user looking elsewhere.
  if (node && ts.isTypeReferenceNode(node) && !checker.getSymbolAtLocation(node.typeName)?.declarations?.length) {
    const why = "is neither declared nor imported in your files (a typo? a global type cannot be a flag either)";
    return `its type \`${written}\` ${why}; ${SUPPORTED}`;
  }
  return `its type \`${checker.typeToString(type)}\` cannot be a flag: ${reason(nonNull)}; ${SUPPORTED}`;
}

function arrayShape(checker: TS.TypeChecker, array: TS.TypeReference): FlagShape | string {
  const element = checker.getTypeArguments(array)[0];
  const shape = element && scalarShape(checker, checker.getNonNullableType(element));
  if (shape?.type === "string" || shape?.type === "number") {
    return { ...shape, type: `${shape.type}[]` };
  }
  const what = `its type \`${checker.typeToString(array)}\``;
  return `${what} cannot be a flag: arrays must hold strings or numbers; ${SUPPORTED}`;
}

function scalarShape(checker: TS.TypeChecker, type: TS.Type): FlagShape | undefined {
  if (type.flags & ts.TypeFlags.String) return { type: "string" };
  if (type.flags & ts.TypeFlags.Number) return { type: "number" };
  if (type.flags & ts.TypeFlags.Boolean) return { type: "boolean" };
  const members = type.isUnion() ? type.types : [type];
  // `force?: true` is a switch that only turns on: its off is no value the function takes.
  if (members.length === 1 && members[0]!.flags & ts.TypeFlags.BooleanLiteral)
    return { type: "boolean", only: checker.typeToString(members[0]!) === "true" };
  if (members.every((member) => member.flags & ts.TypeFlags.BooleanLiteral)) return { type: "boolean" };
  if (members.every((member) => member.isStringLiteral())) {
    return { type: "string", choices: members.map((member) => (member as TS.StringLiteralType).value) };
  }
  if (members.every((member) => member.isNumberLiteral())) {
    return { type: "number", choices: members.map((member) => (member as TS.NumberLiteralType).value) };
  }
  return undefined;
}

// Names the kind of type, for the error message.
function reason(type: TS.Type): string {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
    return (
      "dk cannot see what it is (a type from an installed package, or `any`/`unknown`); " +
      "declare it in the tasks file"
    );
  }
  if (type.getCallSignatures().length > 0) return "functions cannot be passed on the command line";
  if (type.isUnion()) return "unions may only mix string literals or number literals";
  if (((type as TS.TypeReference).target?.objectFlags ?? 0) & ts.ObjectFlags.Tuple) {
    return "tuples cannot be flags (a flag each for their parts, or string[] / number[])";
  }
  if (type.flags & ts.TypeFlags.Object) return "nested objects cannot be flags";
  return "it is not a string, number or boolean";
}
