import { readProjectConfig, type ProjectConfig } from "../config-file.ts";
import { LoadError, UsageError } from "../errors.ts";
import { taskHelp } from "../format/help.ts";
import { dkMessage } from "../format/usage-error.ts";
import { terminalColumns } from "../format/wrap.ts";
import { parseTaskArgs } from "../parse-flags.ts";
import { checkHosts } from "../empty-hosts.ts";
import { planSteps, type Named } from "../plan.ts";
import { checkConfigTasks, presetsFor, type Preset } from "../presets.ts";
import { runSteps } from "../run-steps.ts";
import type { Flag, Io, ResolvedTask, Skipped } from "../types.ts";
import type { EarlySwitches } from "./early-switches.ts";
import { AFTER_TASK, badValue, flagName, GLOBAL_FLAGS, globalSpec, switchedOn } from "./global-flags.ts";
import type { Globals } from "./global-flag-types.ts";
import { settleSwitches } from "./settle-switches.ts";
import { pickFlags } from "./parse-argv.ts";
import { splitCalls, type Segment } from "./split-calls.ts";
import { writeOut } from "../write-out.ts";

const HELP = GLOBAL_FLAGS.find((flag) => flag.key === "help")!;

export type Context = {
  /** dk's streams, and its --json and --debug, which act before tasks' flags are known. */
  readonly early: EarlySwitches;
  readonly cwd: string;
  readonly file: string | undefined;
  readonly tasks: readonly ResolvedTask[];
  readonly skipped: readonly Skipped[];
};

/** `dk [TASK [flags]]...`: the named tasks (or the default one), their help, or their run with pre- and post-tasks. */
export async function runWords(words: readonly string[], globals: Globals, context: Context): Promise<number> {
  const { early, cwd, file, tasks, skipped } = context;
  const { io } = early;
  // A help is shown whatever the config and presets say: their problems are bad usage only for a run.
  const { config, problem } = projectConfig(file, tasks);
  const cache = new Map<ResolvedTask, { presets: Map<string, Preset>; given: Set<string>; problem?: UsageError }>();
  const lenient = (task: ResolvedTask) => {
    if (!cache.has(task)) {
      const entry: { given: Set<string>; problem?: UsageError } = { given: new Set() };
      const bad = (flag: Flag, error: UsageError) => {
        entry.given.add(flag.name);
        entry.problem ??= error;
      };
      const presets = presetsFor(task, process.env, config, bad, tasks);
      for (const name of presets.keys()) entry.given.add(name);
      cache.set(task, { ...entry, presets });
    }
    return cache.get(task)!;
  };
  const presets = (task: ResolvedTask) => {
    const entry = lenient(task);
    if (entry.problem !== undefined) throw entry.problem;
    return entry.presets;
  };
  const unknownHint = file === undefined ? " (no tasks.ts here or in any parent directory)" : "";
  // A bad preset is still one the user gave: its flag takes no positional word.
  const segments = splitCalls(tasks, words, { preset: (task) => lenient(task).given, skipped, unknownHint });
  // Which after-task switches are dk's depends on each task's flags; then `dk --dry-run deploy` (or
  // `dk a --dry-run deploy`) also reaches a task's own boolean dryRun flag.
  const settled = settleSwitches(globals, segments);
  early.settle(settled);
  const asks = ({ words: own }: Segment) => pickFlags(own, [globalSpec(HELP)]).get("help") === true;
  if (globals.help || segments.some(asks)) {
    // The task whose words ask (`dk a b --help` is b's help), or the first when dk's --help came before them.
    const { task } = (!globals.beforeTask.has("help") && segments.find(asks)) || segments[0]!;
    const note = problem ?? lenient(task).problem;
    const noted = `note: ${note?.message} (the help shows what holds without it)`;
    if (note !== undefined) io.stderr.write(`${dkMessage(noted, terminalColumns(io.stderr))}\n`);
    return print(io, taskHelp(task, cwd, lenient(task).presets, terminalColumns(io.stdout)));
  }
  if (problem !== undefined) throw problem;
  const on = switchedOn(settled);
  const named: Named[] = segments.map(({ task, words: own }) => ({
    task,
    call: parseTaskArgs(task, own, on, presets(task)),
  }));
  const asked = named.find((entry) => entry.call.help);
  if (asked) return print(io, taskHelp(asked.task, cwd, presets(asked.task), terminalColumns(io.stdout)));
  const valued = afterTaskValues(named, settled);
  const steps = planSteps(tasks, named, presets);
  // A pre- or post-task that cannot run stops the run before anything runs, as a named one does.
  const broken = steps.find((step) => step.task.problems !== undefined);
  if (broken !== undefined) {
    const { file: at, name, problems } = broken.task;
    const usage = problems!.every((problem) => problem.usage) ? { usage: true } : {};
    throw new LoadError([
      { file: at, message: `task "${name}", ${broken.because}, cannot run:`, ...usage },
      ...problems!,
    ]);
  }
  checkHosts(steps, io);
  if (valued.transport === undefined) checkEnvTransport(process.env.DEPLOYKIT_TRANSPORT);
  // Every dk flag a run reads (debug, dryRun, verbose, …) passes through as it is; --limit, --on, --transport as read
  // above.
  const { print: printing, ...flags } = settled;
  const options = { ...flags, ...valued, io, tasksFile: file, print: printing };
  return runSteps(steps, { ...options, results: early.results(words[0]) });
}

// The project config, checked against the tasks; a problem with it is kept, for a help to note and a run to throw.
function projectConfig(file: string | undefined, tasks: readonly ResolvedTask[]) {
  let config: ProjectConfig | undefined;
  try {
    config = readProjectConfig(file);
    checkConfigTasks(config, tasks);
    return { config };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { config, problem: error };
  }
}

type Valued = Pick<Globals, "limit" | "on" | "transport">;

// dk's valued after-task flags (--limit, --on, --transport) mean the same before or after any task name; one given
// twice is the parser's "given more than once", whichever side each is on.
function afterTaskValues(named: readonly Named[], globals: Globals): Valued {
  const valued: Valued = { limit: globals.limit, on: globals.on, transport: globals.transport };
  for (const flag of AFTER_TASK.filter((candidate) => candidate.value !== undefined)) {
    const key = flag.key as keyof Valued;
    const name = flagName(flag);
    const texts = named.flatMap((entry) => {
      const value = entry.call.dk.get(name);
      return typeof value === "string" ? [value] : [];
    });
    const usage = `dk --${name} ${flag.value} TASK`;
    if (texts.length + (valued[key] === undefined ? 0 : 1) > 1) {
      throw new UsageError(`--${name} given more than once`, usage);
    }
    if (texts.length === 0) continue;
    const value = flag.convert === undefined ? texts[0] : flag.convert(texts[0]!);
    if (value === undefined) throw new UsageError(badValue(flag, texts[0]!), usage);
    (valued[key] as string | number) = value;
  }
  return valued;
}

// DEPLOYKIT_TRANSPORT stands for --transport: a bad value is bad usage before the task runs, not a failure per host.
function checkEnvTransport(value: string | undefined): void {
  const flag = GLOBAL_FLAGS.find((candidate) => candidate.key === "transport")!;
  if (value === undefined || value === "" || flag.convert!(value) !== undefined) return;
  throw new UsageError(`DEPLOYKIT_TRANSPORT needs ${flag.needs}, got "${value}"`, "dk [--transport HOW] TASK");
}

async function print(io: Io, text: string): Promise<number> {
  await writeOut(io.stdout, text);
  return 0;
}
