import type { Flag, Task } from "../types.ts";

// `<string>`, `<number>`, `<prod|staging>`, `<string>...` for repeatable flags.
export function valueHint(flag: Flag): string {
  const base = flag.choices ? flag.choices.join("|") : flag.type.replace("[]", "");
  return `<${base}>${flag.type.endsWith("[]") ? "..." : ""}`;
}

// `--hosts <string>`, `--[no-]wait`, `--verbose...` (counted); with its short form in help: `-n, --name <string>`.
export function flagSyntax(flag: Flag, withShort = true): string {
  const short = flag.short === undefined || !withShort ? "" : `-${flag.short}, `;
  if (flag.count) return `${short}--${flag.name}...`;
  return `${short}${flag.type === "boolean" ? `--[no-]${flag.name}` : `--${flag.name} ${valueHint(flag)}`}`;
}

// One line: `dk restart --hosts <string> [--[no-]wait] [-- args...]`.
export function usageLine(task: Task): string {
  const flags = task.flags.map((flag) => (flag.required ? flagSyntax(flag, false) : `[${flagSyntax(flag, false)}]`));
  return ["dk", task.name, ...flags, ...(task.rest ? ["[-- args...]"] : [])].join(" ");
}
