import type { Flag, ResolvedTask } from "../types.ts";
import { displayPath } from "./display-path.ts";
import { AFTER_TASK, flagName } from "../cli/global-flags.ts";
import { table } from "./table.ts";
import { flagSyntax, usageLine } from "./usage.ts";

// dk's own flags that also go after the task name, from the one table of them (--help needs no mention here).
function globalsLine(): string {
  return `Also: ${AFTER_TASK.filter((flag) => flag.key !== "help")
    .map((flag) => `--${flagName(flag)} (${flag.help})`)
    .join(", ")}.`;
}

// `dk TASK --help`: usage, the task's doc, and each flag with its type, choices, default and help.
export function taskHelp(task: ResolvedTask, cwd: string): string {
  const lines = [`Usage: ${usageLine(task)}`, ""];
  if (task.help) lines.push(task.help, "");
  if (task.flags.length > 0) {
    lines.push("Flags:", table(task.flags.map((flag) => [flagSyntax(flag), describe(flag)])), "");
  } else {
    lines.push("This task takes no flags.", "");
  }
  if (task.rest) lines.push("Arguments after -- are passed to the task untouched.", "");
  lines.push(globalsLine());
  lines.push(task.builtin ? "Built-in task of @deploykit/tasks." : `Defined in ${displayPath(task.file, cwd)}.`);
  return `${lines.join("\n")}\n`;
}

// `comma-separated hosts (string, required)`.
function describe(flag: Flag): string {
  const facts = [typeText(flag)];
  if (flag.required) facts.push("required");
  if (flag.default !== undefined) facts.push(`default: ${JSON.stringify(flag.default)}`);
  if (flag.defaultText !== undefined) facts.push(`default: ${flag.defaultText}`);
  const details = `(${facts.join(", ")})`;
  return flag.help ? `${flag.help.replace(/\s*\n\s*/g, " ")} ${details}` : details;
}

function typeText(flag: Flag): string {
  const repeatable = flag.type.endsWith("[]") ? "; repeatable or comma-separated" : "";
  const choices = flag.choices ? `one of ${flag.choices.join(", ")}` : flag.type.replace("[]", "");
  return `${choices}${repeatable}`;
}
