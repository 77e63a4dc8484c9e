import type { ResolvedTask } from "../types.ts";
import { displayPath } from "./display-path.ts";
import { table } from "./table.ts";

// The task list: user tasks, then built-ins, each with the first line of its doc.
export function listText(tasks: readonly ResolvedTask[], file: string | undefined, cwd: string): string {
  const user = tasks.filter((task) => !task.builtin);
  const builtin = tasks.filter((task) => task.builtin);
  const sections: string[] = [];
  if (file === undefined) {
    sections.push("No tasks.ts in this directory or any parent (create one, or pass -f FILE).");
  } else {
    const heading = `Tasks in ${displayPath(file, cwd)}:`;
    sections.push(user.length > 0 ? `${heading}\n${rows(user)}` : `${heading}\n  (no exported functions)`);
  }
  if (builtin.length > 0) sections.push(`Built-in tasks:\n${rows(builtin)}`);
  sections.push('Run "dk TASK --help" for a task\'s flags.');
  return `${sections.join("\n\n")}\n`;
}

// The same list as JSON: every field of every task, for scripts and editors.
export function listJson(tasks: readonly ResolvedTask[], file: string | undefined): string {
  return `${JSON.stringify({ file: file ?? null, tasks }, null, 2)}\n`;
}

function rows(tasks: readonly ResolvedTask[]): string {
  return table(tasks.map((task) => [task.name, task.help.split("\n")[0] ?? ""]));
}
