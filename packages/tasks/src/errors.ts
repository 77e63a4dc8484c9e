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
 * The tasks file cannot be read, compiled or imported: exit code 1; 2 when its tags cannot work on the command line
 * (a `@pre` cycle, a `@short` clash).
 */
export class LoadError extends Error {
  override readonly name = "LoadError";
  readonly exitCode: number;
  constructor(
    readonly problem: LoadProblem,
    options?: ErrorOptions,
  ) {
    super(formatProblem(problem), options);
    this.exitCode = problem.usage ? 2 : 1;
  }
}

// `file:line:column: message`, the shape editors and terminals link.
function formatProblem({ file, line, column, message }: LoadProblem): string {
  const where = [file, line, line === undefined ? undefined : column].filter((part) => part !== undefined);
  return `${where.join(":")}: ${message}`;
}
