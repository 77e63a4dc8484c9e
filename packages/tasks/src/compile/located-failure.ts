import { dirname, join, resolve } from "node:path";
import type { Message } from "esbuild";
import { LoadError } from "../errors.ts";

const WHILE = "(while loading the tasks file)";

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
    return new LoadError({ ...where, message: `${located.text} ${WHILE}` }, { cause: error });
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
