import { ts, type TS } from "./typescript.ts";
import { LoadError } from "../errors.ts";
import type { Extracted, LoadProblem, Task } from "../types.ts";
import { createTaskProgram, programInputs } from "./program.ts";
import { taskFromFunction, type TaskFunction } from "./signature.ts";

// Names dk uses itself, which a task cannot take.
const RESERVED_TASKS = new Set(["completion"]);

// Reads every exported function of `file` into a task; a syntax error or a bad flag type becomes `problem`.
export function extractTasks(file: string): Extracted {
  const program = createTaskProgram(file);
  const inputs = programInputs(program);
  try {
    return { inputs, tasks: readTasks(program, file) };
  } catch (error) {
    if (error instanceof LoadError) return { inputs, tasks: [], problem: error.problem };
    throw error;
  }
}

function readTasks(program: TS.Program, file: string): Task[] {
  const source = program.getSourceFile(file);
  if (!source) throw new LoadError({ file, message: "cannot be read" });
  for (const input of program.getSourceFiles()) {
    const [diagnostic] = program.getSyntacticDiagnostics(input);
    if (diagnostic) throw new LoadError(problemOf(diagnostic, file));
  }
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) return [];
  const tasks: Task[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol).sort(bySourceOrder)) {
    const name = exported.getName();
    if (name === "default" || name.startsWith("_")) continue;
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const fn = functionOf(symbol);
    if (!fn) continue;
    const task = taskFromFunction(checker, symbol, fn, name);
    if (RESERVED_TASKS.has(task.name)) {
      throw new LoadError({
        file,
        message: `the export "${name}" would be the task "${task.name}", a name dk uses itself; rename it`,
      });
    }
    tasks.push(task);
  }
  return tasks;
}

// `function f() {}`, `const f = () => {}` and `const f = function () {}` are tasks; other exports are not.
function functionOf(symbol: TS.Symbol): TaskFunction | undefined {
  const declaration = symbol.valueDeclaration;
  if (!declaration) return undefined;
  if (ts.isFunctionDeclaration(declaration)) return declaration;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const value = skipParentheses(declaration.initializer);
    if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value;
  }
  return undefined;
}

// Tasks are listed in the order the file declares them.
function bySourceOrder(a: TS.Symbol, b: TS.Symbol): number {
  return (a.declarations?.[0]?.pos ?? 0) - (b.declarations?.[0]?.pos ?? 0);
}

function skipParentheses(node: TS.Expression): TS.Expression {
  return ts.isParenthesizedExpression(node) ? skipParentheses(node.expression) : node;
}

function problemOf(diagnostic: TS.Diagnostic, fallback: string): LoadProblem {
  const message = `syntax error: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`;
  if (!diagnostic.file || diagnostic.start === undefined) return { file: fallback, message };
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return { file: diagnostic.file.fileName, line: line + 1, column: character + 1, message };
}
