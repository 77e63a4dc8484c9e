import { readProjectConfig } from "../config-file.ts";
import { UsageError } from "../errors.ts";
import { taskHelp } from "../format/help.ts";
import { parseTaskArgs } from "../parse-flags.ts";
import { checkHosts } from "../empty-hosts.ts";
import { planSteps, type Named } from "../plan.ts";
import { checkConfigTasks, presetsFor, type Preset } from "../presets.ts";
import { runSteps } from "../run-steps.ts";
import type { Io, ResolvedTask, Skipped } from "../types.ts";
import type { EarlySwitches } from "./early-switches.ts";
import { AFTER_TASK, flagName, GLOBAL_FLAGS, globalSpec, switchedOn } from "./global-flags.ts";
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
  // Which after-task switches are dk's depends on each task's flags; then `dk --dry-run deploy` (or
  // `dk a --dry-run deploy`) also reaches a task's own boolean dryRun flag.
  const settled = settleSwitches(globals, segments);
  early.settle(settled);
  if (globals.help) {
    // The task whose words ask (`dk a b --help` is b's help), or the first when dk's --help came before them.
    const asks = ({ words: own }: Segment) => pickFlags(own, [globalSpec(HELP)]).get("help") === true;
    const { task } = (!globals.beforeTask.has("help") && segments.find(asks)) || segments[0]!;
    return print(io, taskHelp(task, cwd, presets(task)));
  }
  const on = switchedOn(settled);
  const named: Named[] = segments.map(({ task, words: own }) => ({
    task,
    call: parseTaskArgs(task, own, on, presets(task)),
  }));
  const asked = named.find((entry) => entry.call.help);
  if (asked) return print(io, taskHelp(asked.task, cwd, presets(asked.task)));
  const valued = afterTaskValues(named, settled);
  const steps = planSteps(tasks, named, presets);
  checkHosts(steps, io);
  if (valued.transport === undefined) checkEnvTransport(process.env.DEPLOYKIT_TRANSPORT);
  // Every dk flag a run reads (debug, dryRun, verbose, …) passes through as it is; --limit, --on, --transport as read
  // above.
  const { print: printing, ...flags } = settled;
  const options = { ...flags, ...valued, io, tasksFile: file, print: printing };
  return runSteps(steps, { ...options, results: early.results(words[0]) });
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
    if (value === undefined) throw new UsageError(`--${name} needs ${flag.needs}, got "${texts[0]}"`, usage);
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
