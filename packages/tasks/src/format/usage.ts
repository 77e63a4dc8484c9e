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
  if (flag.type === "boolean") return `${short}${switchWords(flag)}`;
  return `${short}--${flag.name} ${valueHint(flag)}`;
}

// `--[no-]wait`; `--force` or `--no-keep` for a flag of one literal type, which has that word alone.
function switchWords(flag: Flag): string {
  return flag.only === undefined ? `--[no-]${flag.name}` : `--${flag.only ? "" : "no-"}${flag.name}`;
}

// One line: `dk restart --hosts <string> [--[no-]wait] [-- args...]`.
export function usageLine(task: Task): string {
  const flags = task.flags.map((flag) => (flag.required ? flagSyntax(flag, false) : `[${flagSyntax(flag, false)}]`));
  return ["dk", task.name, ...flags, ...(task.rest ? ["[-- args...]"] : [])].join(" ");
}
