import type { Invocation } from "../run/invocation.ts";
import type { Printer } from "./printer.ts";

// `$ command`, tagged; a multi-line command gets a tag on each line.
export function echo(out: Printer, inv: Invocation, dryRun: boolean): void {
  const lines = scriptLines(inv.display);
  lines[lines.length - 1] += dryRun ? "  (dry run)" : "";
  lines.forEach((line, i) => out.line(inv.tag, `${i === 0 ? "$" : ">"} ${line}`));
}

// A script's lines without what a template literal or a file gives it: blank first and last lines, and the indent
// every line shares. At least one line, so that a blank command is still seen to run.
function scriptLines(command: string): string[] {
  const lines = command.split("\n");
  const first = lines.findIndex((line) => line.trim() !== "");
  if (first === -1) return [""];
  const kept = lines.slice(first, lines.findLastIndex((line) => line.trim() !== "") + 1);
  const indent = Math.min(...kept.filter((line) => line.trim() !== "").map((line) => /^[ \t]*/.exec(line)![0].length));
  return kept.map((line) => line.slice(Math.min(indent, /^[ \t]*/.exec(line)![0].length)));
}

// Where a quiet run's output goes: nowhere.
export const SILENT: Printer = { line: () => undefined, notice: () => {} };
