import type { Transport } from "@deploykit/core";
import { fileURLToPath } from "node:url";
import { LoadError } from "./errors.ts";
import { importModule, resolveModule } from "./importer.ts";
import type { RunOptions } from "./run-task.ts";
import type { Core } from "./task-output.ts";

/**
 * The one copy of core the tasks module also gets (its imports are pinned to it), configured from dk's flags;
 * built-ins find the project (e.g. the configuration deploy-nixos ships) from DK_TASKS_FILE.
 */
export async function loadCore(options: RunOptions): Promise<Core> {
  const { dryRun, limit, on, transport, tasksFile } = options;
  const core = await importModule<Core>("@deploykit/core").catch((error: unknown) => {
    throw unloadable(error);
  });
  core.configure({ dryRun, on, ...(limit === undefined ? {} : { concurrency: limit }) });
  // --debug names, per host, the transport it got and the option that decided it.
  core.configure({
    trace: traceOf(options),
    ...(transport === undefined ? {} : { transport: transport as Transport }),
  });
  if (tasksFile !== undefined) process.env.DK_TASKS_FILE = tasksFile;
  return core;
}

// Under --debug, diagnostic lines (each host's transport and why, what dk loaded) on stderr.
export function traceOf({ debug, io }: Pick<RunOptions, "debug" | "io">): ((message: string) => void) | undefined {
  return debug ? (message) => void io.stderr.write(`dk: ${message}\n`) : undefined;
}

// A copy of core that fails to load (a file of its build missing: a build or an install under way, or cut short) is
// no bug of dk's: it says which copy, why, and what makes it whole.
function unloadable(error: unknown): LoadError {
  let file = "@deploykit/core";
  try {
    file = fileURLToPath(resolveModule(file));
  } catch {
    // Not found at all: Node's message says so.
  }
  const why = error instanceof Error ? error.message : String(error);
  const todo = "reinstall it, or build it again if it is a workspace package (a build under way leaves it incomplete)";
  return new LoadError({ file, message: `@deploykit/core cannot be loaded (${why}): ${todo}` }, { cause: error });
}
