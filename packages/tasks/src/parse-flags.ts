import { AFTER_TASK, dkReads, flagName, GLOBAL_FLAGS, globalSpec, spellings } from "./cli/global-flags.ts";
import { notANumber, parseNumber } from "./cli/number-word.ts";
import { parseArgv, type FlagSpec, type Value } from "./cli/parse-argv.ts";
import { UsageError } from "./errors.ts";
import { usageLine } from "./format/usage.ts";
import type { Preset } from "./presets.ts";
import { didYouMean } from "./suggest.ts";
import type { Flag, JsonValue, Task } from "./types.ts";

/** A task invocation: the options object for the function, and what dk itself must do. */
export type TaskCall = {
  options: Record<string, JsonValue>;
  rest: string[];
  help: boolean;
  /** dk's own after-task flags given in this task's words (`--limit 3`; a switch shared with a boolean), by name. */
  dk: ReadonlyMap<string, Value>;
};

/**
 * Turns the task's argv into its options object; any bad input is a UsageError and nothing runs. dk's after-task
 * flags are accepted too; `on` names those given before the task, so a task's boolean flag of that name gets them.
 * A flag not given takes its preset (environment, config), else is left to the function's own default.
 */
export function parseTaskArgs(
  task: Task,
  argv: readonly string[],
  on: ReadonlySet<string> = new Set(),
  presets: ReadonlyMap<string, Preset> = new Map(),
): TaskCall {
  const fail = (message: string) => new UsageError(message, usageLine(task), `dk ${task.name} --help`);
  const own = task.flags.map(taskSpec);
  const dk = AFTER_TASK.filter((flag) => dkReads(flag, task.flags)).map(flagName);
  const specs = [...own, ...AFTER_TASK.map(globalSpec).filter((flag) => !own.some((mine) => mine.name === flag.name))];
  const stray = (word: string) => `unexpected argument "${word}" (flags start with --)`;
  const parsed = parseArgv(argv, { flags: specs, fail, stray, misplaced: (word) => beforeTask(word, task) });
  const given = new Map([...parsed.values].filter(([name]) => dk.includes(name)));
  const call: TaskCall = { options: {}, rest: [...parsed.rest], help: parsed.values.get("help") === true, dk: given };
  if (!task.rest && call.rest.length > 0) throw fail(`task "${task.name}" takes no arguments after --`);
  for (const flag of task.flags) {
    const value = parsed.values.get(flag.name) ?? (flag.type === "boolean" && on.has(flag.name) ? true : undefined);
    if (value !== undefined) call.options[flag.property] = convert(flag, value, fail);
    else if (presets.has(flag.name)) call.options[flag.property] = presets.get(flag.name)!.value;
  }
  const missing = task.flags.filter((flag) => flag.required && !(flag.property in call.options));
  if (missing.length > 0 && !call.help) {
    throw fail(
      `missing required flag${missing.length > 1 ? "s" : ""} ${missing.map((flag) => `--${flag.name}`).join(", ")}`,
    );
  }
  return call;
}

// dk's flags that are read before the task name alone (--file, --list, …), when one is written after it.
function beforeTask(written: string, task: Task): string | undefined {
  const flag = GLOBAL_FLAGS.find((candidate) => !candidate.afterTask && spellings(candidate).includes(written));
  if (flag === undefined) return undefined;
  const where = `${written} is dk's own flag and goes before the task name`;
  // A switch (--list, --all, --version) plays no part in a task's run: where to read about it, not a command line.
  return flag.value === undefined ? `${where} (dk --help)` : `${where}: dk ${written} ${flag.value} ${task.name} …`;
}

/** A manifest flag as the parser sees it: booleans are switches with --no-x, arrays repeat, counters count. */
export function taskSpec(flag: Flag): FlagSpec {
  const short = flag.short === undefined ? {} : { short: flag.short };
  if (flag.type === "boolean") return { name: flag.name, takes: "switch", negatable: true, ...short };
  if (flag.count) return { name: flag.name, takes: "count", ...short };
  const needs = `a value ${flag.choices ? `(one of ${flag.choices.join(", ")})` : `(${flag.type.replace("[]", "")})`}`;
  // The task's flag takes the word of dk's: where dk's goes, for whoever meant that one.
  const shadowed = AFTER_TASK.some((global) => flagName(global) === flag.name);
  const missing = shadowed
    ? { missing: `; it is the task's own, and dk's --${flag.name} goes before the task name` }
    : {};
  const takes = flag.type.endsWith("[]") ? "values" : "value";
  return {
    name: flag.name,
    takes,
    ...(flag.type.startsWith("number") ? { kind: "number" } : {}),
    needs,
    ...missing,
    ...short,
  };
}

/**
 * Texts as a flag's value: numbers, choices, and arrays from repeated or comma-separated items, none empty; with
 * `split` false (a config's JSON array) each text is one item, commas and all.
 */
export function flagValue(
  flag: Flag,
  texts: readonly string[],
  fail: (message: string) => UsageError,
  split = true,
): JsonValue {
  if (!flag.type.endsWith("[]")) return scalar(flag, texts[0] ?? "", fail);
  // One empty text alone (`--x=`, `DK_X=`) is the empty list; an empty item beside others is a slip, as core says.
  if (split && texts.length === 1 && texts[0] === "") return [];
  const items = (text: string) => (split ? text.split(",") : [text]);
  const bad = texts.find((text) => items(text).includes(""));
  if (bad !== undefined) {
    const fix = split ? `remove the extra comma, or give --${flag.name}= alone` : "remove it, or give []";
    throw fail(`--${flag.name} has an empty item in ${JSON.stringify(bad)}: ${fix} for an empty list`);
  }
  return texts.flatMap(items).map((item) => scalar(flag, item, fail));
}

/** Why a boolean flag of one literal type (`force?: true`) refuses the other value. */
export function onlyText(flag: Flag): string {
  return flag.only
    ? `--${flag.name} only turns on (its type is \`true\`): leave it out instead`
    : `--${flag.name} only turns off (its type is \`false\`): give --no-${flag.name}, or leave it out`;
}

// Checks and converts what yargs-parser read.
function convert(flag: Flag, value: Value, fail: (message: string) => UsageError): JsonValue {
  if (typeof value === "boolean" && flag.only !== undefined && value !== flag.only) throw fail(onlyText(flag));
  if (typeof value === "boolean" || typeof value === "number") return value;
  return flagValue(flag, typeof value === "string" ? [value] : value, fail);
}

function scalar(flag: Flag, raw: string, fail: (message: string) => UsageError): string | number {
  const value = flag.type.startsWith("number") ? parseNumber(raw) : raw;
  if (value === undefined) throw fail(notANumber(flag.name, raw));
  if (flag.choices && !flag.choices.includes(value)) {
    const hint = didYouMean(raw, flag.choices.map(String));
    throw fail(`--${flag.name} must be one of ${flag.choices.join(", ")}; got "${raw}"${hint}`);
  }
  return value;
}
