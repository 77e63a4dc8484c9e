import type { Preset } from "../presets.ts";
import { envName, envNames } from "../env-names.ts";
import type { Flag, JsonValue, ResolvedTask } from "../types.ts";
import { DK_OWN_ENV } from "../own-env.ts";
import { deprecatedWords } from "../deprecated.ts";
import { displayPath } from "./display-path.ts";
import { AFTER_TASK, dkReads } from "../cli/global-flags.ts";
import { helpSyntax } from "./global-help.ts";
import { table } from "./table.ts";
import { flagSyntax, usageLine } from "./usage.ts";
import { wrapText, wrapUsage } from "./wrap.ts";

// dk's own flags that also go after the task name, from the one table of them: not --help (how one got here), nor
// one whose word the task's own flag of that name takes (dkReads: a boolean flag shares a switch's word).
function globalsTable(task: ResolvedTask, width: number | undefined): string[] {
  const flags = AFTER_TASK.filter((flag) => flag.key !== "help" && dkReads(flag, task.flags));
  return [
    "dk's flags, here too:",
    table(
      flags.map((flag) => [helpSyntax(flag), flag.help]),
      28,
      width,
    ),
    "",
  ];
}

// `dk TASK --help`: usage, the task's doc, each flag with its type, choices and effective default, and what runs
// around it. With a width (a terminal's), every line fits in it.
export function taskHelp(
  task: ResolvedTask,
  cwd: string,
  presets: ReadonlyMap<string, Preset> = new Map(),
  width?: number,
): string {
  const prose = (text: string) => wrapText(text, width);
  const lines = [wrapUsage("Usage: ", usageLine(task), width), ""];
  if (task.aliases?.length) lines.push(prose(`Also called: ${task.aliases.join(", ")}.`), "");
  if (task.help) lines.push(prose(task.help), "");
  if (task.deprecated !== undefined) lines.push(prose(`This task is ${deprecatedWords(task.deprecated)}.`), "");
  if (task.flags.length > 0) {
    const rows = task.flags.map((flag) => [flagSyntax(flag), describeFlag(flag, presets.get(flag.name))] as const);
    lines.push("Flags:", table(rows, 28, width), "");
    const positional = task.flags.filter((flag) => flag.required && flag.type !== "boolean" && !presets.has(flag.name));
    if (positional.length > 0) {
      lines.push(prose(`By position too: dk ${task.name} ${positional.map((flag) => `<${flag.name}>`).join(" ")}`), "");
    }
    lines.push(prose(defaultsLine(task)), "");
  } else {
    lines.push(prose("This task takes no flags."), "");
  }
  if (task.rest) lines.push(prose("Arguments after -- are passed to the task untouched."), "");
  if (task.pre?.length) lines.push(prose(`Runs first: ${task.pre.join(", ")}.`));
  if (task.post?.length) lines.push(prose(`Runs after it succeeds: ${task.post.join(", ")}.`));
  if (task.default) lines.push(prose("The default task: what a bare dk runs."));
  if (lines.at(-1) !== "") lines.push("");
  lines.push(...globalsTable(task, width));
  lines.push(prose(task.builtin ? "Built-in task of @deploykit/tasks." : `Defined in ${displayPath(task.file, cwd)}.`));
  return `${lines.join("\n")}\n`;
}

// Where flags' defaults come from, by the example of a flag whose variables dk reads; a variable that spells one of
// the task's flags but is dk's own (`DK_CACHE_DIR` for `cache --dir`) is named as no default.
function defaultsLine(task: ResolvedTask): string {
  const example = task.flags.find((flag) => envNames(flag, task).length === 2) ?? task.flags[0]!;
  const notRead = task.flags.flatMap((flag) =>
    [envName(flag, task), envName(flag)]
      .filter((name) => DK_OWN_ENV.has(name))
      .map((name) => `${name} is dk's own, never --${flag.name}'s`),
  );
  const each = ["and so on for each flag", ...notRead].join("; ");
  return `Defaults: ${envNames(example, task).join(", ")} (${each}), dk.config.json; see the README.`;
}

/** `comma-separated hosts (string, required)`; a preset shows as `default: "a,b" from DK_HOSTS`. */
export function describeFlag(flag: Flag, preset: Preset | undefined): string {
  const facts = [typeText(flag)];
  if (preset !== undefined) facts.push(`default: ${shownDefault(preset.value)} from ${preset.from}`);
  else if (flag.required) facts.push("required");
  if (preset === undefined && flag.default !== undefined) facts.push(`default: ${shownDefault(flag.default)}`);
  if (preset === undefined && flag.defaultText !== undefined) facts.push(`default: ${flag.defaultText}`);
  if (flag.deprecated !== undefined) facts.push(deprecatedWords(flag.deprecated));
  const details = `(${facts.join(", ")})`;
  return flag.help ? `${flag.help.replace(/\s*\n\s*/g, " ")} ${details}` : details;
}

// JSON, with a space after each array item's comma: a long list then wraps between items, not past the terminal.
function shownDefault(value: JsonValue): string {
  return Array.isArray(value) ? `[${value.map((item) => JSON.stringify(item)).join(", ")}]` : JSON.stringify(value);
}

function typeText(flag: Flag): string {
  if (flag.count) return "counted: each use adds one";
  if (flag.only !== undefined) return `only ${flag.only}`;
  const repeatable = flag.type.endsWith("[]") ? `; repeatable or comma-separated, --${flag.name}= for none` : "";
  const choices = flag.choices ? `one of ${flag.choices.join(", ")}` : flag.type.replace("[]", "");
  return `${choices}${repeatable}`;
}
