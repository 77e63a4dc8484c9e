import { existsSync, lstatSync, readlinkSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { dirsUpward } from "./dirs-upward.ts";
import { LoadError, UsageError } from "./errors.ts";
import { shownPath } from "./format/display-path.ts";
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
  if (explicit === undefined) refuseNoFile(cwd, file);
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
    const hint = existsSync(inside)
      ? `; its tasks file: -f ${shownPath(join(explicit, TASKS_FILE))}`
      : ", not a tasks file";
    throw new UsageError(`-f/--file: ${shownPath(explicit)} is a directory${hint}`, USAGE);
  }
  if (!existsSync(file)) throw new UsageError(`-f/--file: no such file: ${shownPath(explicit)}`, USAGE);
  // A device, FIFO or socket: reading it would block or mean nothing.
  if (!statSync(file).isFile()) throw new UsageError(`-f/--file: ${shownPath(explicit)} is not a regular file`, USAGE);
  // The compiler reading the flags takes TypeScript alone; JavaScript would be "cannot be read".
  if (!/\.[cm]?tsx?$/.test(file)) {
    const why = "dk reads each task's flags from its TypeScript signature";
    throw new UsageError(
      `-f/--file: ${shownPath(explicit)} is not a TypeScript file (.ts, .mts, .cts, .tsx); ${why}`,
      USAGE,
    );
  }
  return file;
}

// The nearest tasks.ts, whatever it is: a link to nothing there must not pass for none (and run one further up).
function foundUpward(cwd: string): string | undefined {
  return dirsUpward(cwd)
    .map((dir) => join(dir, TASKS_FILE))
    .find((candidate) => {
      try {
        return lstatSync(candidate, { throwIfNoEntry: false }) !== undefined;
      } catch {
        // A directory dk may not search holds no tasks file for it.
        return false;
      }
    });
}

// A tasks.ts found that is no file (a directory, a FIFO, a link to nothing) is refused for what it is: whose it is
// would not matter. A path dk may not follow is left to refuseUntrusted, which names the part at fault.
function refuseNoFile(cwd: string, file: string): void {
  const give = "give the tasks file to run with -f PATH";
  const link = (what: string) => `it is a link to ${shownPath(readlinkSync(file))}, ${what}; fix the link, or ${give}`;
  let stats;
  try {
    stats = statSync(file, { throwIfNoEntry: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ELOOP") return;
    throw new LoadError({ file, message: `not run: ${link("which leads back to itself")}` });
  }
  if (stats?.isFile()) return;
  const inside = join(file, TASKS_FILE);
  const kind = (what: string, todo: string) => `it is ${what}, not a tasks file; ${todo}`;
  const why =
    stats === undefined
      ? link("which does not exist")
      : stats.isDirectory()
        ? kind(
            "a directory",
            existsSync(inside) ? `its tasks file: dk -f ${shownPath(relative(cwd, inside))}` : `rename it, or ${give}`,
          )
        : kind(stats.isFIFO() ? "a FIFO" : stats.isSocket() ? "a socket" : "a device", `remove it, or ${give}`);
  throw new LoadError({ file, message: `not run: ${why}` });
}
