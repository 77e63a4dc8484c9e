import { LoadError } from "./errors.ts";
import { awaitLeftRunning } from "./left-running.ts";
import { askPassword, PromptInterrupted } from "./ask-password.ts";
import { afterInterrupt } from "./after-interrupt.ts";
import { whenInterrupted } from "./interrupt.ts";
import { loadCore, traceOf } from "./load-core.ts";
import { importTasksModule } from "./load-module.ts";
import type { TaskCall } from "./parse-flags.ts";
import { READER_GONE } from "./reader-gone.ts";
import { reportStranded } from "./report.ts";
import type { ResultsDocument } from "./results-document.ts";
import { whenStranded } from "./stranded.ts";
import { taskFailed, type Failed } from "./task-failed.ts";
import { whenUncaught } from "./uncaught.ts";
import { settled, taskFunction } from "./task-function.ts";
import { cutShort, finish, NEVER_SETTLED, startOutput, underWay, type Core, type Output } from "./task-output.ts";
import type { Io, ResolvedTask } from "./types.ts";
import { watchStdout } from "./write-out.ts";

export type RunOptions = {
  readonly io: Io;
  readonly debug: boolean;
  readonly dryRun: boolean;
  /** The user's tasks file, also when the task is a built-in. */
  readonly tasksFile: string | undefined;
  /** Hosts at once for every group call (`--limit`). */
  readonly limit?: number | undefined;
  /** Only these hosts take part in every group call and built-in (`--on`). */
  readonly on?: string | undefined;
  /** How hosts that do not say are reached (`--transport`); undefined leaves core's default (DEPLOYKIT_TRANSPORT). */
  readonly transport?: string | undefined;
  /** `--json`: the results document, written once at the end; human output goes to stderr. */
  readonly results?: ResultsDocument | undefined;
  /** Tagged lines even on a terminal. */
  readonly verbose?: boolean;
  /** On a terminal, the live view alone: hosts' output only for failed commands, at the end. */
  readonly compact?: boolean;
  /** Ask once for the hosts' sudo password before the task starts. */
  readonly askSudoPassword?: boolean;
  /** Called with what the task returned, before the summary and the JSON document. */
  readonly returned?: (value: unknown) => void;
};

type Interrupt = ReturnType<typeof whenInterrupted>;
/**
 * A run's state; `failing`: its end once the task threw or let an error go, `failures`: every such error; `ending`:
 * the task's promise, once called; `returned`: it settled.
 */
export type State = { core?: Core; output?: Output; sudoPassword?: string; called?: boolean; interrupt?: Interrupt } & {
  ending?: Promise<unknown>;
  returned?: boolean;
  failing?: Promise<number>;
  failures?: Failed[];
  stdout?: ReturnType<typeof watchStdout>;
};

/**
 * Imports the task's module and calls it: 0 when it returns (or the process.exitCode it set), when it throws the
 * exit code of its one failed command or 1, 70 when it can never finish, 130/143 on Ctrl-C/SIGTERM, 141 when the
 * reader of its output went away (`dk … | head`), as SIGPIPE would. A process.exit inside it still ends with the
 * summary and the JSON document.
 */
export async function runTask(task: ResolvedTask, call: TaskCall, options: RunOptions): Promise<number> {
  const state: State = {};
  const end = (code: number) => finish(state.output, code, task.name, options);
  // At the `exit` event, synchronously: the task (or its module) called process.exit, or an error went uncaught.
  process.on("exit", end);
  try {
    return end(await runGuarded(task, call, options, state));
  } finally {
    process.off("exit", end);
  }
}

async function runGuarded(task: ResolvedTask, call: TaskCall, options: RunOptions, state: State): Promise<number> {
  const { io } = options;
  if (options.askSudoPassword) {
    try {
      state.sudoPassword = await askPassword(io);
    } catch (error) {
      if (error instanceof PromptInterrupted) return 130;
      throw error;
    }
  }
  state.core = await loadCore(options);
  const interrupt = (state.interrupt = whenInterrupted(
    io,
    () => underWay(state.output),
    // The live view ends at once: a task may ask something (deploy-nixos: stop or leave its activations).
    (code) => {
      cutShort(state.output, code === READER_GONE ? "stopped: output gone" : "interrupted");
      state.output?.view?.stop();
    },
    (code) => afterInterrupt(state.core!, code, { name: task.name, ending: () => state.ending, io }),
    // Under --json stdout carries the document alone, written at the end.
    options.results === undefined,
  ));
  const stranded = whenStranded();
  // No Ctrl-C: what was still under way then waits for what can never come.
  const never = stranded.promise.then(() => {
    const pending = underWay(state.output);
    cutShort(state.output, NEVER_SETTLED);
    return reportStranded(task.name, state.called ? undefined : task.file, io, state.returned ? pending : undefined);
  });
  state.stdout = watchStdout();
  let lose: (end: Promise<number>) => void = () => {};
  const lost = new Promise<number>((resolve) => (lose = resolve));
  const stopUncaught = whenUncaught(({ error, kind }) => lose(taskFailed(task, error, options, state, kind)));
  try {
    return await Promise.race([callTask(task, call, options, state), interrupt.promise, never, lost]);
  } finally {
    interrupt.dispose();
    stranded.dispose();
    stopUncaught();
    state.stdout.dispose();
  }
}

async function callTask(task: ResolvedTask, call: TaskCall, options: RunOptions, state: State): Promise<number> {
  const module = await importTasksModule(task.file, traceOf(options));
  const fn = taskFunction(module, task);
  if (typeof fn !== "function") {
    throw new LoadError({
      file: task.file,
      message: `does not export a function "${task.exportName}" (for the task "${task.name}")`,
    });
  }
  state.output = startOutput(state.core!, options, state.sudoPassword);
  try {
    state.called = true;
    state.ending = settled(fn(call.options, ...(task.rest ? (task.spread ? call.rest : [call.rest]) : [])));
    const value = await state.ending;
    state.returned = true;
    await awaitLeftRunning(task.name, state.core!, options.io);
    if (state.failing !== undefined) return await state.failing;
    // A task that ends after Ctrl-C (having finished what it held dk's exit for) ends as interrupted.
    if (state.interrupt?.signalled()) return await state.interrupt.promise;
    options.returned?.(value);
    // Node's way to fail without throwing: a task that set process.exitCode exits with it, as Node would (its low
    // 8 bits: -1 is 255, 257 is 1).
    const set = Number(process.exitCode ?? 0);
    if (!Number.isInteger(set) || (set & 0xff) === 0) return 0;
    options.io.stderr.write(`dk: task "${task.name}" set process.exitCode to ${set}\n`);
    return set & 0xff;
  } catch (error) {
    return await taskFailed(task, error, options, state);
  }
}
