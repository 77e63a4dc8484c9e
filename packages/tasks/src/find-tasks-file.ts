import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { dirsUpward } from "./dirs-upward.ts";
import { UsageError } from "./errors.ts";
import { refuseUntrusted } from "./trusted-file.ts";

export const TASKS_FILE = "tasks.ts";
const USAGE = "dk -f PATH [TASK] [flags]";

/**
 * The `-f` file when given (it must exist), else tasks.ts in `cwd` or its nearest parent, else undefined. Either
 * must be the user's own (refuseUntrusted): a tasks.ts another user left in a shared directory above
 * (/tmp/tasks.ts, found from /tmp/x) is their code, and dk would run it; LoadError says so instead.
 */
export function findTasksFile(cwd: string, explicit?: string): string | undefined {
  const file = explicit === undefined ? foundUpward(cwd) : explicitFile(cwd, explicit);
  if (file === undefined) return undefined;
  const rule = "dk runs only a tasks file that you (or root) own and no one else can write, nor a directory above it";
  refuseUntrusted(file, "not run", rule, "remove it or give yours with -f");
  return file;
}

function explicitFile(cwd: string, explicit: string): string {
  // resolve() would take "" for the current directory.
  if (explicit === "") throw new UsageError('-f/--file needs a path, got ""', USAGE);
  const file = resolve(cwd, explicit);
  if (existsSync(file) && statSync(file).isDirectory()) {
    const inside = join(file, TASKS_FILE);
    const hint = existsSync(inside) ? `; its tasks file: -f ${join(explicit, TASKS_FILE)}` : ", not a tasks file";
    throw new UsageError(`-f/--file: ${explicit} is a directory${hint}`, USAGE);
  }
  if (!existsSync(file)) throw new UsageError(`-f/--file: no such file: ${explicit}`, USAGE);
  // A device, FIFO or socket: reading it would block or mean nothing.
  if (!statSync(file).isFile()) throw new UsageError(`-f/--file: ${explicit} is not a regular file`, USAGE);
  // The compiler reading the flags takes TypeScript alone; JavaScript would be "cannot be read".
  if (!/\.[cm]?tsx?$/.test(file)) {
    const why = "dk reads each task's flags from its TypeScript signature";
    throw new UsageError(`-f/--file: ${explicit} is not a TypeScript file (.ts, .mts, .cts, .tsx); ${why}`, USAGE);
  }
  return file;
}

function foundUpward(cwd: string): string | undefined {
  return dirsUpward(cwd)
    .map((dir) => join(dir, TASKS_FILE))
    .find((candidate) => existsSync(candidate));
}
