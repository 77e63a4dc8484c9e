import { ts, type TS } from "./typescript.ts";
import type { LoadProblem, Task } from "../types.ts";
import { deprecation, docOf, tagWords } from "./docs.ts";
import { flagsOf, type ReadFlags } from "./flags.ts";
import { missingImport } from "./missing-import.ts";
import { problemAt } from "./problem-at.ts";
import type { Resolver } from "./resolver.ts";
import { wordsParameterProblems } from "./words-parameter.ts";

export type TaskFunction = TS.FunctionDeclaration | TS.ArrowFunction | TS.FunctionExpression | TS.MethodDeclaration;

/**
 * A task read from a function, or why the function is not one (its first parameter cannot hold flags). A task whose
 * flags cannot all work has `problems`, every one, beside the flags that could be read.
 */
export type Read = { readonly task: Omit<Task, "name" | "exportName"> } | { readonly skip: string };

// Reads one task from a function: its doc, tags, and a flag per property of its first parameter.
export function taskFromFunction(
  resolver: Resolver,
  checker: TS.TypeChecker,
  symbol: TS.Symbol,
  fn: TaskFunction,
  name: string,
): Read {
  const parameters = runtimeParameters(fn);
  const [options, rest] = parameters;
  let read: ReadFlags | undefined;
  if (options) {
    const type = checker.getNonNullableType(checker.getTypeAtLocation(options));
    // As written: a type from an installed package is unknown here and would print as `any`.
    const got = options.type?.getText() ?? checker.typeToString(checker.getTypeAtLocation(options));
    // A rest parameter's type is an array: its `length` would be taken for a required flag.
    if (options.dotDotDotToken) {
      const words = "for the words after --, put it after the flags: (options: {}, ...args: string[])";
      return { skip: `its first parameter is the rest parameter \`...${options.name.getText()}\`; ${words}` };
    }
    if (!isFlagObject(checker, type) || (type.getSymbol()?.flags ?? 0) & ts.SymbolFlags.Class) {
      // A type whose import leads nowhere is the task's problem: it would be flags, and the task is listed so.
      const gone = options.type && missingImport(resolver, checker, options.type);
      if (!gone)
        return {
          skip: `its first parameter is \`${got}\`, not an object of flags like ({ hosts }: { hosts: string })`,
        };
      read = { flags: [], problems: [problemAt(gone.specifier, `task "${name}": its type \`${got}\` ${gone.why}`)] };
    }
  }
  read ??= options ? flagsOf(resolver, checker, symbol, options, name) : { flags: [], problems: [] };
  const { flags } = read;
  const problems = [...read.problems, ...wordsParameterProblems(checker, parameters.slice(1), name)];
  const pre = tagWords(symbol, "pre");
  const post = tagWords(symbol, "post");
  const deprecated = deprecation(symbol);
  const task = {
    help: docOf(checker, symbol),
    flags,
    rest: rest !== undefined,
    ...(rest?.dotDotDotToken ? { spread: true as const } : {}),
    ...(pre ? { pre } : {}),
    ...(post ? { post } : {}),
    ...(tagWords(symbol, "default") ? { default: true } : {}),
    ...(deprecated === undefined ? {} : { deprecated }),
    ...(problems.length > 0 ? { problems: problems as [LoadProblem, ...LoadProblem[]] } : {}),
  };
  return { task };
}

/** The parameters a call passes: TypeScript's `this: void` declares a type, not one of them. */
export function runtimeParameters(fn: TaskFunction): readonly TS.ParameterDeclaration[] {
  const [first, ...others] = fn.parameters;
  return first !== undefined && ts.isIdentifier(first.name) && first.name.text === "this" ? others : fn.parameters;
}

// A plain object type, or an intersection of them (`Shared & { count?: number }`): not a function, and not an array or
// a tuple (their `length` and indexes are no flags).
function isFlagObject(checker: TS.TypeChecker, type: TS.Type): boolean {
  if (type.getCallSignatures().length > 0 || checker.isArrayType(type) || checker.isTupleType(type)) return false;
  if (type.flags & ts.TypeFlags.Intersection)
    return (type as TS.IntersectionType).types.every((part) => isFlagObject(checker, part));
  return (type.flags & ts.TypeFlags.Object) !== 0;
}
