import { GLOBAL_USAGE } from "./cli/global-flags.ts";
import { UsageError } from "./errors.ts";
import { findTask } from "./lookup.ts";
import { parseTaskArgs, type TaskCall } from "./parse-flags.ts";
import type { Preset } from "./presets.ts";
import type { ResolvedTask } from "./types.ts";

/** One task to run, in order: named on the command line, or a pre- or post-task of one. */
export type Step = {
  readonly task: ResolvedTask;
  readonly call: TaskCall;
  /** Undefined for a task named on the command line; else `pre-task of deploy`. */
  readonly because?: string;
};

export type Named = { readonly task: ResolvedTask; readonly call: TaskCall };

/**
 * The run order: each named task after its @pre tasks and before its @post tasks, every task at most once. A pre- or
 * post-task runs with its presets only; a task named twice with different flags is a UsageError.
 */
export function planSteps(
  tasks: readonly ResolvedTask[],
  named: readonly Named[],
  presets: (task: ResolvedTask) => ReadonlyMap<string, Preset>,
): Step[] {
  const steps: Step[] = [];
  // Task name → the flags it runs with (JSON), and why it runs.
  const ran = new Map<string, { key: string; because: string | undefined }>();
  const visit = (task: ResolvedTask, given: TaskCall | undefined, because: string | undefined): void => {
    const seen = ran.get(task.name);
    if (seen !== undefined) {
      if (given !== undefined && seen.key !== flagsKey(given)) {
        const first =
          seen.because === undefined ? "named twice with different flags" : `a ${seen.because}, without flags`;
        throw new UsageError(
          `task "${task.name}" runs once per call, and it is ${first}; name it once, before the tasks that need it`,
          GLOBAL_USAGE,
        );
      }
      return;
    }
    const call = given ?? implicitCall(task, presets(task), because!);
    ran.set(task.name, { key: flagsKey(call), because });
    for (const name of task.pre ?? []) visit(linked(tasks, name), undefined, `pre-task of ${task.name}`);
    steps.push({ task, call, ...(because ? { because } : {}) });
    for (const name of task.post ?? []) visit(linked(tasks, name), undefined, `post-task of ${task.name}`);
  };
  for (const entry of named) visit(entry.task, entry.call, undefined);
  return steps;
}

// What a call runs with, however its words spelled it: `greet Bob` is `greet --name Bob`.
function flagsKey(call: TaskCall): string {
  return JSON.stringify([call.options, call.rest]);
}

function linked(tasks: readonly ResolvedTask[], name: string): ResolvedTask {
  const task = findTask(tasks, name);
  if (!task) throw new UsageError(`no task "${name}" (named by @pre or @post)`, "dk --list");
  return task;
}

// A pre- or post-task gets no words: its required flags must come from the environment or the config.
function implicitCall(task: ResolvedTask, presets: ReadonlyMap<string, Preset>, because: string): TaskCall {
  try {
    return parseTaskArgs(task, [], new Set(), presets);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(
      `task "${task.name}" (${because}) runs without flags, but: ${error.message}; give it a default, ` +
        `or set it in DK_<FLAG> or dk.config.json`,
      error.usage,
      error.helpCommand,
    );
  }
}
