import { ts, type TS } from "./typescript.ts";
import { LoadError } from "../errors.ts";
import { kebabCase } from "../names.ts";
import type { Flag, Task } from "../types.ts";
import { docOf, paramDocs, tagWords } from "./docs.ts";
import { flagShape } from "./flag-type.ts";
import { defaultOf } from "./initializer.ts";

export type TaskFunction = TS.FunctionDeclaration | TS.ArrowFunction | TS.FunctionExpression | TS.MethodDeclaration;

// Flags reserved by dk on every task, and its one short flag after the task name (-h).
const RESERVED = new Set(["help"]);
const RESERVED_SHORT = new Set(["h"]);

/** A task read from a function, or why the function is not one (its first parameter cannot hold flags). */
export type Read = { readonly task: Omit<Task, "name" | "exportName"> } | { readonly skip: string };

// Reads one task from a function: its doc, tags, and a flag per property of its first parameter.
export function taskFromFunction(checker: TS.TypeChecker, symbol: TS.Symbol, fn: TaskFunction, name: string): Read {
  const [options, rest] = fn.parameters;
  if (options) {
    const type = checker.getNonNullableType(checker.getTypeAtLocation(options));
    if (!isFlagObject(type) || (type.getSymbol()?.flags ?? 0) & ts.SymbolFlags.Class) {
      // As written: a type from an installed package is unknown here and would print as `any`.
      const got = options.type?.getText() ?? checker.typeToString(checker.getTypeAtLocation(options));
      return { skip: `its first parameter is \`${got}\`, not an object of flags like ({ hosts }: { hosts: string })` };
    }
  }
  const flags = options ? flagsOf(checker, symbol, options, name) : [];
  checkShorts(flags, options, name);
  const pre = tagWords(symbol, "pre");
  const post = tagWords(symbol, "post");
  const task = {
    help: docOf(checker, symbol),
    flags,
    rest: rest !== undefined,
    ...(rest?.dotDotDotToken ? { spread: true as const } : {}),
    ...(pre ? { pre } : {}),
    ...(post ? { post } : {}),
    ...(tagWords(symbol, "default") ? { default: true } : {}),
  };
  return { task };
}

function flagsOf(checker: TS.TypeChecker, symbol: TS.Symbol, parameter: TS.ParameterDeclaration, task: string): Flag[] {
  const objectType = checker.getNonNullableType(checker.getTypeAtLocation(parameter));
  const defaults = destructuredDefaults(parameter);
  const params = paramDocs(symbol);
  return checker.getPropertiesOfType(objectType).map((property) => {
    const where = property.valueDeclaration ?? parameter;
    const written = where !== parameter && ts.isPropertySignature(where) ? where.type : undefined;
    const shape = flagShape(checker, checker.getTypeOfSymbolAtLocation(property, parameter), written);
    if (typeof shape === "string") fail(where, `task "${task}", property "${property.name}": ${shape}`);
    const flagName = kebabCase(property.name);
    if (RESERVED.has(flagName))
      fail(where, `task "${task}", property "${property.name}": --${flagName} is reserved by dk; rename the property`);
    const initializer = defaults.get(property.name);
    const optional = (property.flags & ts.SymbolFlags.Optional) !== 0 || initializer !== undefined;
    const help = docOf(checker, property) || params.get(property.name);
    const short = tagWords(property, "short");
    if (short && (short.length !== 1 || !/^[a-zA-Z0-9]$/.test(short[0]!)))
      fail(
        where,
        `task "${task}", property "${property.name}": @short takes one letter or digit, got "${short.join(" ")}"`,
        true,
      );
    const count = tagWords(property, "count") !== undefined;
    if (count && (shape.type !== "number" || !optional))
      fail(
        where,
        `task "${task}", property "${property.name}": @count needs an optional number (verbose?: number)`,
        true,
      );
    return {
      name: flagName,
      property: property.name,
      ...shape,
      required: !optional,
      ...(initializer ? defaultOf(initializer) : {}),
      ...(help ? { help } : {}),
      ...(short ? { short: short[0]! } : {}),
      ...(count ? { count } : {}),
    };
  });
}

// Two flags of a task with one short letter, or dk's own -h, is an error naming both.
function checkShorts(flags: readonly Flag[], parameter: TS.ParameterDeclaration | undefined, task: string): void {
  const owner = new Map<string, string>();
  for (const flag of flags) {
    if (flag.short === undefined) continue;
    const other = RESERVED_SHORT.has(flag.short) ? "dk's --help" : owner.get(flag.short);
    if (other !== undefined)
      fail(
        parameter!,
        `task "${task}": -${flag.short} is the short flag of both --${flag.name} and ` +
          `${other.startsWith("dk") ? other : `--${other}`}; change one @short`,
        true,
      );
    owner.set(flag.short, flag.name);
  }
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

// `usage`: a tag that cannot work on the command line (exit 2), not a type dk cannot read.
function fail(node: TS.Node, message: string, usage = false): never {
  const source = node.getSourceFile();
  const { line, character } = source.getLineAndCharacterOfPosition(node.getStart());
  const where = { file: source.fileName, line: line + 1, column: character + 1 };
  throw new LoadError({ ...where, message, ...(usage ? { usage } : {}) });
}
