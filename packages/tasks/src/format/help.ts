import type { Preset } from "../presets.ts";
import { envName } from "../presets.ts";
import type { Flag, ResolvedTask } from "../types.ts";
import { displayPath } from "./display-path.ts";
import { AFTER_TASK, flagName } from "../cli/global-flags.ts";
import { helpSyntax } from "./global-help.ts";
import { table } from "./table.ts";
import { flagSyntax, usageLine } from "./usage.ts";

// dk's own flags that also go after the task name, from the one table of them: not --help (how one got here), nor
// one that takes a value where the task has a flag of that name (the word is the task's then; a switch is both's).
function globalsTable(task: ResolvedTask): string[] {
  const own = new Set(task.flags.map((flag) => flag.name));
  const flags = AFTER_TASK.filter(
    (flag) => flag.key !== "help" && !(flag.value !== undefined && own.has(flagName(flag))),
  );
  return ["dk's flags, here too:", table(flags.map((flag) => [helpSyntax(flag), flag.help])), ""];
}

// `dk TASK --help`: usage, the task's doc, each flag with its type, choices and effective default, and what runs
// around it.
export function taskHelp(task: ResolvedTask, cwd: string, presets: ReadonlyMap<string, Preset> = new Map()): string {
  const lines = [`Usage: ${usageLine(task)}`, ""];
  if (task.aliases?.length) lines.push(`Also called: ${task.aliases.join(", ")}.`, "");
  if (task.help) lines.push(task.help, "");
  if (task.flags.length > 0) {
    lines.push(
      "Flags:",
      table(task.flags.map((flag) => [flagSyntax(flag), describe(flag, presets.get(flag.name))])),
      "",
    );
    const positional = task.flags.filter((flag) => flag.required && flag.type !== "boolean" && !presets.has(flag.name));
    if (positional.length > 0) {
      lines.push(`By position too: dk ${task.name} ${positional.map((flag) => `<${flag.name}>`).join(" ")}`, "");
    }
    lines.push(
      `Defaults: ${envName(task.flags[0]!, task)}, ${envName(task.flags[0]!)} (and so on for each flag), ` +
        "dk.config.json; see the README.",
      "",
    );
  } else {
    lines.push("This task takes no flags.", "");
  }
  if (task.rest) lines.push("Arguments after -- are passed to the task untouched.", "");
  if (task.pre?.length) lines.push(`Runs first: ${task.pre.join(", ")}.`);
  if (task.post?.length) lines.push(`Runs after it succeeds: ${task.post.join(", ")}.`);
  if (task.default) lines.push("The default task: what a bare dk runs.");
  if (lines.at(-1) !== "") lines.push("");
  lines.push(...globalsTable(task));
  lines.push(task.builtin ? "Built-in task of @deploykit/tasks." : `Defined in ${displayPath(task.file, cwd)}.`);
  return `${lines.join("\n")}\n`;
}

// `comma-separated hosts (string, required)`; a preset shows as `default: "a,b" from DK_HOSTS`.
function describe(flag: Flag, preset: Preset | undefined): string {
  const facts = [typeText(flag)];
  if (preset !== undefined) facts.push(`default: ${JSON.stringify(preset.value)} from ${preset.from}`);
  else if (flag.required) facts.push("required");
  if (preset === undefined && flag.default !== undefined) facts.push(`default: ${JSON.stringify(flag.default)}`);
  if (preset === undefined && flag.defaultText !== undefined) facts.push(`default: ${flag.defaultText}`);
  const details = `(${facts.join(", ")})`;
  return flag.help ? `${flag.help.replace(/\s*\n\s*/g, " ")} ${details}` : details;
}

function typeText(flag: Flag): string {
  if (flag.count) return "counted: each use adds one";
  const repeatable = flag.type.endsWith("[]") ? "; repeatable or comma-separated" : "";
  const choices = flag.choices ? `one of ${flag.choices.join(", ")}` : flag.type.replace("[]", "");
  return `${choices}${repeatable}`;
}
