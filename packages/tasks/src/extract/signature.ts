import { ts, type TS } from "./typescript.ts";
import { LoadError } from "../errors.ts";
import { kebabCase } from "../names.ts";
import type { Flag, Task } from "../types.ts";
import { docOf, paramDocs } from "./docs.ts";
import { flagShape } from "./flag-type.ts";
import { defaultOf } from "./initializer.ts";

export type TaskFunction = TS.FunctionDeclaration | TS.ArrowFunction | TS.FunctionExpression;

// Flags reserved by dk on every task.
const RESERVED = new Set(["help"]);

// Reads one task from a function: its doc, and a flag per property of its first parameter.
export function taskFromFunction(
  checker: TS.TypeChecker,
  symbol: TS.Symbol,
  fn: TaskFunction,
  exportName: string,
): Task {
  const name = kebabCase(exportName);
  const [options, rest] = fn.parameters;
  const flags = options ? flagsOf(checker, symbol, options, name) : [];
  return { name, exportName, help: docOf(checker, symbol), flags, rest: rest !== undefined };
}

function flagsOf(checker: TS.TypeChecker, symbol: TS.Symbol, parameter: TS.ParameterDeclaration, task: string): Flag[] {
  const type = checker.getTypeAtLocation(parameter);
  const objectType = checker.getNonNullableType(type);
  if (!isFlagObject(objectType)) {
    fail(
      parameter,
      `task "${task}": its first parameter must be an object of flags, like ({ hosts }: { hosts: string }); got \`${checker.typeToString(type)}\``,
    );
  }
  const defaults = destructuredDefaults(parameter);
  const params = paramDocs(checker, symbol);
  return checker.getPropertiesOfType(objectType).map((property) => {
    const where = property.valueDeclaration ?? parameter;
    const shape = flagShape(checker, checker.getTypeOfSymbolAtLocation(property, parameter));
    if (typeof shape === "string") fail(where, `task "${task}", property "${property.name}": ${shape}`);
    const flagName = kebabCase(property.name);
    if (RESERVED.has(flagName))
      fail(where, `task "${task}", property "${property.name}": --${flagName} is reserved by dk; rename the property`);
    const initializer = defaults.get(property.name);
    const optional = (property.flags & ts.SymbolFlags.Optional) !== 0 || initializer !== undefined;
    const help = docOf(checker, property) || params.get(property.name);
    return {
      name: flagName,
      property: property.name,
      ...shape,
      required: !optional,
      ...(initializer ? defaultOf(initializer) : {}),
      ...(help ? { help } : {}),
    };
  });
}

// A plain object type, or an intersection of them (`Shared & { count?: number }`): not a function.
function isFlagObject(type: TS.Type): boolean {
  if (type.getCallSignatures().length > 0) return false;
  if (type.flags & ts.TypeFlags.Intersection) return (type as TS.IntersectionType).types.every(isFlagObject);
  return (type.flags & ts.TypeFlags.Object) !== 0;
}

// `({ service = "nginx" }: ...)` → service → the initializer.
function destructuredDefaults(parameter: TS.ParameterDeclaration): Map<string, TS.Expression> {
  const defaults = new Map<string, TS.Expression>();
  if (!ts.isObjectBindingPattern(parameter.name)) return defaults;
  for (const element of parameter.name.elements) {
    const key = element.propertyName ?? element.name;
    if (element.initializer && (ts.isIdentifier(key) || ts.isStringLiteral(key)))
      defaults.set(key.text, element.initializer);
  }
  return defaults;
}

function fail(node: TS.Node, message: string): never {
  const source = node.getSourceFile();
  const { line, character } = source.getLineAndCharacterOfPosition(node.getStart());
  throw new LoadError({ file: source.fileName, line: line + 1, column: character + 1, message });
}
