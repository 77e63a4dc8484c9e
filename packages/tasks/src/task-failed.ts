import { failureExitCode } from "./exit-code.ts";
import { nextTurn } from "./left-running.ts";
import { flagUsageError } from "./option-usage.ts";
import { reportTaskFailure } from "./report.ts";
import type { RunOptions, State } from "./run-task.ts";
import { finish, type Output } from "./task-output.ts";
import type { ResolvedTask } from "./types.ts";

// Commands print instead of running under --dry-run, so what a task parses from their output is empty.
const DRY_RUN_HINT =
  "(this was a dry run: commands were not run and their captured output is empty; " +
  'a task that reads it can check isDryRun() from "@deploykit/core")\n';

/** An error of a failing run: thrown by the task, or let go (`uncaught` says how). */
export type Failed = { readonly error: unknown; readonly uncaught?: string | undefined };

/**
 * The task threw `error`, or let it go uncaught: the run's exit code, after the summary and the report. However many
 * errors come (a throw and a stray rejection, two timers), the run ends once: one report naming each, one exit code.
 */
export function taskFailed(task: ResolvedTask, error: unknown, options: RunOptions, state: State, uncaught?: string) {
  const failures = (state.failures ??= []);
  // The same error can come twice: rejected unhandled, then awaited by the task after all.
  if (!failures.some((failure) => failure.error === error)) failures.push({ error, uncaught });
  return (state.failing ??= failed(task, failures, options, state));
}

// Whether the summary just shown names every host of `error` as failed, and so says why each did.
function inSummary(
  error: { readonly failed: readonly { readonly host: { commandPrefix: string } }[] },
  output?: Output,
) {
  const shown = output?.shownFailed;
  return (
    shown !== undefined && error.failed.length > 0 && error.failed.every(({ host }) => shown.has(host.commandPrefix))
  );
}

async function failed(task: ResolvedTask, failures: readonly Failed[], options: RunOptions, state: State) {
  // Node tells of a rejection left unhandled only after the current microtasks: one turn lets those join the report.
  await nextTurn();
  if (state.interrupt?.signalled()) return await state.interrupt.promise;
  // Output that cannot reach dk's stdout is not the task's failure: dk says so as for its own output (main).
  const unwritable = failures.map(({ error }) => state.stdout?.unwritable(error)).find((found) => found);
  if (unwritable !== undefined) {
    finish(state.output, unwritable.exitCode, task.name, options);
    throw unwritable;
  }
  const error = failures[0]!.error;
  // A built-in's bad option value is bad usage of its flag: dk exits 2 and, under --json, writes no document.
  const usage = task.builtin ? flagUsageError(task, error) : undefined;
  if (usage !== undefined) {
    finish(state.output, 2, task.name, { ...options, results: undefined });
    throw usage;
  }
  // The hosts' final state and the summary come before the report of what failed. More than one error: no one
  // command's code speaks for the run.
  const core = state.core!;
  const code = failures.length === 1 ? failureExitCode(error, core) : 1;
  finish(state.output, code, task.name, options);
  const shown = failures.map(({ error, uncaught }) => ({
    error,
    uncaught,
    streamed: error instanceof core.CommandError || error instanceof core.GroupError,
    summarized: error instanceof core.GroupError && inSummary(error, state.output),
  }));
  reportTaskFailure(task.name, shown, core, options.io, options.debug);
  if (options.dryRun && shown.some((failure) => !failure.streamed)) options.io.stderr.write(DRY_RUN_HINT);
  return code;
}
