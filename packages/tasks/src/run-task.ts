import { LoadError } from "./errors.ts";
import { importTasksModule } from "./load-module.ts";
import type { TaskCall } from "./parse-flags.ts";
import { reportTaskFailure } from "./report.ts";
import type { Io, ResolvedTask } from "./types.ts";

export type RunOptions = {
  readonly io: Io;
  readonly debug: boolean;
  readonly dryRun: boolean;
  /** The user's tasks file, also when the task is a built-in. */
  readonly tasksFile: string | undefined;
};

// Imports the task's module and calls it: 0 when it returns, 1 when it throws, 130 on Ctrl-C.
export async function runTask(task: ResolvedTask, call: TaskCall, { io, debug, dryRun, tasksFile }: RunOptions): Promise<number> {
  // Set before the import: @deploykit/core reads the first when a command runs; built-ins find the
  // project (e.g. the configuration deploy-nixos ships) from the second.
  if (dryRun) process.env.DEPLOYKIT_DRY_RUN = "1";
  if (tasksFile !== undefined) process.env.DK_TASKS_FILE = tasksFile;
  const interrupt = whenInterrupted(io);
  try {
    return await Promise.race([callTask(task, call, io, debug), interrupt.promise]);
  } finally {
    interrupt.dispose();
  }
}

async function callTask(task: ResolvedTask, call: TaskCall, io: Io, debug: boolean): Promise<number> {
  const module = await importTasksModule(task.file);
  const fn = module[task.exportName];
  if (typeof fn !== "function") {
    throw new LoadError({ file: task.file, message: `does not export a function "${task.exportName}" (for the task "${task.name}")` });
  }
  try {
    await fn(call.options, ...(task.rest ? [call.rest] : []));
    return 0;
  } catch (error) {
    return reportTaskFailure(task.name, error, io, debug);
  }
}

// Resolves with 130 on SIGINT; while listening, Node's default exit on SIGINT is off.
function whenInterrupted(io: Io): { promise: Promise<number>; dispose: () => void } {
  let listener = () => {};
  const promise = new Promise<number>((resolve) => {
    listener = () => {
      io.stderr.write("dk: interrupted\n");
      resolve(130);
    };
    process.once("SIGINT", listener);
  });
  return { promise, dispose: () => process.off("SIGINT", listener) };
}
