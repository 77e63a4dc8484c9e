import { ts, type TS } from "./typescript.ts";
import { LoadError } from "../errors.ts";
import type { Extracted, LoadProblem, Skipped, Task } from "../types.ts";
import { linkTasks } from "./links.ts";
import { signatureLeftOut } from "./left-out.ts";
import { builtinsFile } from "../builtins.ts";
import { createTaskProgram, programInputs, type Reach } from "./program.ts";
import { createResolver, type Resolver } from "./resolver.ts";
import { problemAt } from "./problem-at.ts";
import { taskFromFunction } from "./signature.ts";
import { walkExports } from "./walk.ts";

// Names dk uses itself, which a task cannot take.
const RESERVED_TASKS = new Set(["completion"]);

// Reads every exported function of `file` into a task; a syntax error becomes `problem`, what keeps one task from
// the command line (a bad flag type, a bad tag) that task's `problems`.
// First from the local files alone; again with packages' sources only when that read reached a name it left out.
export function extractTasks(file: string): Extracted {
  const resolver = createResolver(file);
  return extractFrom(file, resolver, "local") ?? extractFrom(file, resolver, "packages")!;
}

function extractFrom(file: string, resolver: Resolver, reach: Reach): Extracted | undefined {
  const program = createTaskProgram(file, resolver, reach);
  const inputs = (): string[] => [...programInputs(program), ...decidedBy(file, resolver)];
  try {
    const read = readTasks(resolver, program, file, reach);
    return read && { inputs: inputs(), ...read };
  } catch (error) {
    if (error instanceof LoadError) return { inputs: inputs(), tasks: [], problem: error.problem };
    throw error;
  }
}

// Undefined when a `local` read would depend on what it left out.
function readTasks(
  resolver: Resolver,
  program: TS.Program,
  file: string,
  reach: Reach,
): { tasks: Task[]; skipped?: Skipped[] } | undefined {
  const source = program.getSourceFile(file);
  if (!source) throw new LoadError({ file, message: "cannot be read" });
  for (const input of program.getSourceFiles()) {
    const [diagnostic] = program.getSyntacticDiagnostics(input);
    if (diagnostic) throw new LoadError(problemOf(diagnostic, file));
  }
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) return { tasks: [] };
  const walked = walkExports(checker, moduleSymbol);
  const local = reach === "local";
  if (local && walked.leftOut) return undefined;
  const tasks: Task[] = [];
  const functions = new Map<Task, TS.Node>();
  const skipped: Skipped[] = [];
  for (const found of walked.found) {
    if (local && signatureLeftOut(resolver, checker, found.fn)) return undefined;
    const [name, ...aliases] = found.names as [string, ...string[]];
    const read = found.clash
      ? { skip: found.clash }
      : taskFromFunction(resolver, checker, found.symbol, found.fn, name);
    if ("skip" in read) {
      skipped.push(skippedAt(name, read.skip, found.fn));
      continue;
    }
    const reserved = found.names
      .filter((candidate) => RESERVED_TASKS.has(candidate))
      .map((taken) => {
        const message = `the export "${found.exportName}" would be the task "${taken}", a name dk uses itself`;
        return problemAt(found.fn, `${message}; rename it`);
      });
    const problems = [...reserved, ...(read.task.problems ?? [])];
    const task: Task = {
      name,
      exportName: found.exportName,
      ...(found.members.length > 0 ? { members: found.members } : {}),
      ...(aliases.length > 0 ? { aliases } : {}),
      ...read.task,
      ...(found.isDefault ? { default: true } : {}),
      ...(problems.length > 0 ? { problems: problems as [LoadProblem, ...LoadProblem[]] } : {}),
    };
    tasks.push(task);
    functions.set(task, found.fn);
  }
  skipped.push(...walked.others.map((other) => skippedAt(other.name, other.reason, other.at)));
  const linked = linkTasks(tasks, (task, message) => problemAt(functions.get(task)!, message, true));
  return { tasks: linked, ...(skipped.length > 0 ? { skipped } : {}) };
}

// An export that is no task, where it is declared.
function skippedAt(name: string, reason: string, node: TS.Node): Skipped {
  const at = node.getSourceFile();
  return { name, reason, file: at.fileName, line: at.getLineAndCharacterOfPosition(node.getStart()).line + 1 };
}

// The built-ins' manifest is made at build time and checked where dk is installed, where neither the workspace's
// tsconfig nor its package.json is: their resolutions are fixed by dk's build.
function decidedBy(file: string, resolver: Resolver): string[] {
  return file === builtinsFile() ? [] : [...resolver.decided];
}

function problemOf(diagnostic: TS.Diagnostic, fallback: string): LoadProblem {
  const message = `syntax error: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`;
  if (!diagnostic.file || diagnostic.start === undefined) return { file: fallback, message };
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return { file: diagnostic.file.fileName, line: line + 1, column: character + 1, message };
}
