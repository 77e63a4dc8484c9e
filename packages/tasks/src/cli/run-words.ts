import { readProjectConfig } from "../config-file.ts";
import { UsageError } from "../errors.ts";
import { taskHelp } from "../format/help.ts";
import { parseTaskArgs } from "../parse-flags.ts";
import { checkHosts } from "../empty-hosts.ts";
import { planSteps, type Named } from "../plan.ts";
import { checkConfigTasks, presetsFor, type Preset } from "../presets.ts";
import type { ResultsDocument } from "../results-document.ts";
import { runSteps } from "../run-steps.ts";
import type { Io, ResolvedTask, Skipped } from "../types.ts";
import { flagName, GLOBAL_FLAGS, switchedOn, type Globals } from "./global-flags.ts";
import { splitCalls } from "./split-calls.ts";

export type Context = {
  readonly io: Io;
  readonly cwd: string;
  readonly file: string | undefined;
  readonly tasks: readonly ResolvedTask[];
  readonly skipped: readonly Skipped[];
  readonly results: ResultsDocument | undefined;
};

/** `dk [TASK [flags]]...`: the named tasks (or the default one), their help, or their run with pre- and post-tasks. */
export async function runWords(words: readonly string[], globals: Globals, context: Context): Promise<number> {
  const { io, cwd, file, tasks, skipped } = context;
  const config = readProjectConfig(file);
  checkConfigTasks(config, tasks);
  const cache = new Map<ResolvedTask, Map<string, Preset>>();
  const presets = (task: ResolvedTask) => {
    if (!cache.has(task)) cache.set(task, presetsFor(task, process.env, config));
    return cache.get(task)!;
  };
  const unknownHint = file === undefined ? " (no tasks.ts here or in any parent directory)" : "";
  const preset = (task: ResolvedTask) => new Set(presets(task).keys());
  const segments = splitCalls(tasks, words, { preset, skipped, unknownHint });
  if (globals.help) return print(io, taskHelp(segments[0]!.task, cwd, presets(segments[0]!.task)));
  // `dk --dry-run deploy` also reaches a task that takes its own dryRun flag.
  const on = switchedOn(globals);
  const named: Named[] = segments.map(({ task, words: own }) => ({
    task,
    words: own,
    call: parseTaskArgs(task, own, on, presets(task)),
  }));
  const asked = named.find((entry) => entry.call.help);
  if (asked) return print(io, taskHelp(asked.task, cwd, presets(asked.task)));
  const limit = afterTaskLimit(named, globals.limit);
  const steps = planSteps(tasks, named, presets);
  checkHosts(steps, io);
  if (globals.transport === undefined) checkEnvTransport(process.env.DEPLOYKIT_TRANSPORT);
  // Every dk flag a run reads (debug, dryRun, verbose, …) passes through as it is; --limit as read above.
  const { print: printing, ...flags } = globals;
  const options = { ...flags, io, tasksFile: file, limit, print: printing };
  return runSteps(steps, { ...options, results: context.results });
}

// `--limit` is dk's, before or after any task name; given twice it is the parser's "given more than once".
function afterTaskLimit(named: readonly Named[], before: number | undefined): number | undefined {
  const flag = GLOBAL_FLAGS.find((candidate) => candidate.key === "limit")!;
  const texts = named.flatMap((entry) => {
    const value = entry.call.dk.get(flagName(flag));
    return typeof value === "string" ? [value] : [];
  });
  if (texts.length + (before === undefined ? 0 : 1) > 1) {
    throw new UsageError("--limit given more than once", `dk --limit N TASK`);
  }
  if (texts.length === 0) return before;
  const limit = flag.convert!(texts[0]!);
  if (limit === undefined) throw new UsageError(`--limit needs ${flag.needs}, got "${texts[0]}"`, "dk --limit N TASK");
  return limit as number;
}

// DEPLOYKIT_TRANSPORT stands for --transport: a bad value is bad usage before the task runs, not a failure per host.
function checkEnvTransport(value: string | undefined): void {
  const flag = GLOBAL_FLAGS.find((candidate) => candidate.key === "transport")!;
  if (value === undefined || value === "" || flag.convert!(value) !== undefined) return;
  throw new UsageError(`DEPLOYKIT_TRANSPORT needs ${flag.needs}, got "${value}"`, "dk [--transport HOW] TASK");
}

function print(io: Io, text: string): number {
  io.stdout.write(text);
  return 0;
}
