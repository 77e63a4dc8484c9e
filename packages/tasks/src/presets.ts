import type { ProjectConfig } from "./config-file.ts";
import { UsageError } from "./errors.ts";
import { usageLine } from "./format/usage.ts";
import { findTask } from "./lookup.ts";
import { envClash, envNames } from "./env-names.ts";
import { roundedText, startsWith } from "./json-inexact.ts";
import { flagValue, onlyText } from "./parse-flags.ts";
import { didYouMean } from "./suggest.ts";
import type { Flag, JsonValue, Task } from "./types.ts";

/** A flag's default from outside the code, and where it came from (`DK_HOSTS`, `dk.config.json`). */
export type Preset = { readonly value: JsonValue; readonly from: string };

/**
 * The defaults of a task's flags from the environment and the project config, checked like flags; the first source
 * wins: `DK_<TASK>_<FLAG>`, `DK_<FLAG>`, the config's `tasks.<task>`, its `flags`. A bad value is a UsageError naming
 * the source, thrown, or with `bad` handed to it and the flag left without a preset (a help still shows).
 * dk's own variables (`DK_CACHE_DIR`) are skipped: the flag takes its other sources. A set variable that also spells
 * another flag's of `tasks` (see envClash) is refused.
 */
export function presetsFor(
  task: Task,
  env: NodeJS.ProcessEnv,
  config: ProjectConfig | undefined,
  bad?: (flag: Flag, error: UsageError) => void,
  tasks: readonly Task[] = [],
): Map<string, Preset> {
  const presets = new Map<string, Preset>();
  // Its own entry alone: a task named `constructor` would read the inherited function's `name` as its --name.
  const own = config !== undefined && Object.hasOwn(config.tasks, task.name) ? config.tasks[task.name] : undefined;
  const refuse = (flag: Flag, error: unknown) => {
    if (bad === undefined || !(error instanceof UsageError)) throw error;
    bad(flag, error);
  };
  const set = (flag: Flag, value: unknown, from: string) => {
    try {
      presets.set(flag.name, read(task, flag, value, from));
    } catch (error) {
      refuse(flag, error);
    }
  };
  for (const flag of task.flags) {
    const name = envNames(flag, task).find((candidate) => env[candidate] !== undefined);
    if (name !== undefined) {
      const clash = envClash(name, flag, task, tasks);
      if (clash === undefined) set(flag, env[name], name);
      else refuse(flag, new UsageError(`${name}: ${clash}`, usageLine(task), `dk ${task.name} --help`));
      continue;
    }
    if (config === undefined) continue;
    const [where, value, path] =
      entry(own, flag, config.source, ["tasks", task.name]) ??
      entry(config.flags, flag, config.source, ["flags"]) ??
      [];
    if (where === undefined) continue;
    const rounded = config.inexact?.find((number) => startsWith(number.path, path!))?.literal;
    if (rounded === undefined) set(flag, value, where);
    else refuse(flag, new UsageError(`${where}: ${roundedText(rounded)}`, usageLine(task), `dk ${task.name} --help`));
  }
  return presets;
}

/** A config's `tasks` key that names no task, or a `flags` key no task has, is a mistake worth stopping for. */
export function checkConfigTasks(config: ProjectConfig | undefined, tasks: readonly Task[]): void {
  const flags = tasks.flatMap((task) => task.flags);
  for (const key of Object.keys(config?.flags ?? {})) {
    if (flags.some((flag) => flag.name === key || flag.property === key)) continue;
    const hint = didYouMean(key, [...new Set(flags.map((flag) => flag.name))]);
    throw new UsageError(`${config!.source}: flags.${key} is not a flag of any task${hint}`, "dk --list");
  }
  for (const name of Object.keys(config?.tasks ?? {})) {
    const task = findTask(tasks, name);
    if (task === undefined) {
      const hint = didYouMean(
        name,
        tasks.map((candidate) => candidate.name),
      );
      throw new UsageError(`${config!.source}: tasks.${name} is not a task${hint}`, "dk --list");
    }
    // One key per task, as for DK_<TASK>_<FLAG>: an alias or a namespace would be a second place for its defaults.
    if (task.name !== name) {
      const by = task.aliases?.includes(name) ? `its alias "${name}"` : `its namespace "${name}"`;
      throw new UsageError(
        `${config!.source}: tasks.${name} names the task "${task.name}" by ${by}: key it by the task's name, ` +
          `"tasks": { "${task.name}": … }`,
        usageLine(task),
      );
    }
    // A task that cannot run may yet have the flag its broken property will be: its keys wait for the fix.
    if (task.problems !== undefined) continue;
    for (const key of Object.keys(config!.tasks[name]!)) {
      if (!task.flags.some((flag) => flag.name === key || flag.property === key)) {
        const hint = didYouMean(
          key,
          task.flags.map((flag) => flag.name),
        );
        throw new UsageError(
          `${config!.source}: tasks.${name}.${key} is not a flag of "${task.name}"${hint}`,
          usageLine(task),
        );
      }
    }
  }
}

// Where a flag's value is in the config: for messages, the value, and its path from the config's top.
function entry(
  values: Readonly<Record<string, unknown>> | undefined,
  flag: Flag,
  source: string,
  at: readonly string[],
): [string, unknown, string[]] | undefined {
  if (values === undefined) return undefined;
  const key = [flag.name, flag.property].find((candidate) => Object.hasOwn(values, candidate));
  return key === undefined ? undefined : [`${source} ${[...at, key].join(".")}`, values[key], [...at, key]];
}

// Text as a flag's value would be read; JSON of the flag's own type as it is.
function read(task: Task, flag: Flag, value: unknown, from: string): Preset {
  const fail = (message: string) => new UsageError(`${from}: ${message}`, usageLine(task), `dk ${task.name} --help`);
  if (flag.type === "boolean") {
    const on =
      value === true || value === "true" || value === "1"
        ? true
        : value === false || value === "false" || value === "0" || value === ""
          ? false
          : undefined;
    if (on === undefined)
      throw fail(`--${flag.name} is a switch: use true, false, 1 or 0, got ${JSON.stringify(value)}`);
    if (flag.only !== undefined && on !== flag.only) throw fail(onlyText(flag));
    return { value: on, from };
  }
  const texts = Array.isArray(value) ? value : [value];
  if (!texts.every((item) => typeof item === "string" || typeof item === "number"))
    throw fail(
      `--${flag.name} needs ${flag.type.endsWith("[]") ? "a list of values" : "one value"}, ` +
        `got ${JSON.stringify(value)}`,
    );
  if (texts.length !== 1 && !flag.type.endsWith("[]"))
    throw fail(`--${flag.name} takes one value, got ${JSON.stringify(value)}`);
  // A JSON array's items are the items as written: only text is split at its commas, as on the command line.
  const parsed = flagValue(flag, texts.map(String), fail, !Array.isArray(value));
  // As many as -v given that often: a count the command line could give.
  if (flag.count && !(Number.isInteger(parsed) && (parsed as number) >= 0))
    throw fail(`--${flag.name} counts how often it is given: use a whole number from 0, got "${texts[0]}"`);
  return { value: parsed, from };
}
