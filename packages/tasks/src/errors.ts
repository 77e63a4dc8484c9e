import { shownPath } from "./format/display-path.ts";
import type { LoadProblem } from "./types.ts";

/** Bad command-line input: nothing ran. Exit code 2, printed with a usage hint. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  readonly exitCode = 2;
  constructor(
    message: string,
    /** The usage line to print after the message. */
    readonly usage: string,
    /** Where to read more, e.g. `dk restart --help`. */
    readonly helpCommand = "dk --help",
  ) {
    super(message);
  }
}

/**
 * The tasks file (or a task of it) cannot be read, compiled or imported: exit code 1; 2 when all its problems are tags
 * that cannot work on the command line (a `@pre` cycle, a `@short` clash). Several problems are one line each.
 */
export class LoadError extends Error {
  override readonly name = "LoadError";
  readonly exitCode: number;
  /** The first of `problems`. */
  readonly problem: LoadProblem;
  readonly problems: readonly [LoadProblem, ...LoadProblem[]];
  constructor(problems: LoadProblem | readonly [LoadProblem, ...LoadProblem[]], options?: ErrorOptions) {
    const all = "message" in problems ? ([problems] as const) : problems;
    super(all.map(formatProblem).join("\n"), options);
    this.problems = all;
    this.problem = all[0];
    this.exitCode = all.every((problem) => problem.usage) ? 2 : 1;
  }
}

/** `file:line:column: message`, the shape editors and terminals link. */
export function formatProblem({ file, line, column, message }: LoadProblem): string {
  const where = [shownPath(file), line, line === undefined ? undefined : column].filter((part) => part !== undefined);
  return `${where.join(":")}: ${message}`;
}
