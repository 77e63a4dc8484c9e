import { closeSync, openSync, readSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Message } from "esbuild";
import { LoadError } from "../errors.ts";

const WHILE = "(while loading the tasks file)";
// esbuild's refusal of an import no export answers (Node refuses such a module too); tsx compiles file by file and
// would run past it, the name undefined.
const NO_EXPORT = /^No matching export in ".*" for import ".*"$/;

/** Whether a failed build is the user's import of a name no export answers: theirs to fix, not tsx's to run. */
export function missingExport(error: unknown): boolean {
  const errors = (error as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) && errors.some((message: Message) => NO_EXPORT.test(message.text));
}

// A UTF-16 byte order mark (Windows PowerShell's `>` writes one): TypeScript reads such a file, esbuild stops at it.
function savedAsUtf16(file: string): boolean {
  const start = Buffer.alloc(2);
  try {
    const fd = openSync(file, "r");
    try {
      readSync(fd, start, 0, 2, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
  return (start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0xfe && start[1] === 0xff);
}

/**
 * Why compiling or linking the tasks file failed, at the line of the user's file that caused it: a build error where
 * esbuild located it, or a package no file answers (Node names only the compiled module that imported it).
 * Undefined when it cannot say where.
 */
export async function locatedFailure(error: unknown, file: string): Promise<LoadError | undefined> {
  const located = (error as { errors?: readonly Message[] } | null)?.errors?.find((message) => message.location);
  if (located?.location) {
    const { file: at, line, column } = located.location;
    const where = { file: resolve(dirname(file), at), line, column: column + 1 };
    const todo = NO_EXPORT.test(located.text) ? ": export the name there, or correct the import" : "";
    const message = savedAsUtf16(where.file)
      ? `it is saved as UTF-16, and dk reads TypeScript as UTF-8: save it as UTF-8 ${WHILE}`
      : `${located.text} ${WHILE}${todo}`;
    return new LoadError({ ...where, message }, { cause: error });
  }
  const code = (error as { code?: unknown } | null)?.code;
  const missing = code === "ERR_MODULE_NOT_FOUND" && /^Cannot find package '([^']+)'/.exec((error as Error).message);
  if (!missing) return undefined;
  const name = missing[1]!;
  // Built again without writing: the error path alone pays for it.
  const { buildTasksModule } = await import("./build.ts");
  const built = await buildTasksModule(file, join(dirname(file), "tasks.mjs")).catch(() => undefined);
  const found = built?.unresolved.find(({ specifier }) => specifier === name || specifier.startsWith(`${name}/`));
  if (found === undefined) return undefined;
  const message = `Cannot find package '${name}' ${WHILE}; install it in the project, or correct the import`;
  return new LoadError({ file: found.file, line: found.line, column: found.column, message }, { cause: error });
}
