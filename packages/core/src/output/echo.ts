import type { Invocation } from "../run/invocation.ts";
import type { Printer } from "./printer.ts";

// `$ command`, tagged; a multi-line command gets a tag on each line.
export function echo(out: Printer, inv: Invocation, dryRun: boolean): void {
  const lines = `${inv.display}${dryRun ? "  (dry run)" : ""}`.split("\n");
  lines.forEach((line, i) => out.line(inv.tag, `${i === 0 ? "$" : ">"} ${line}`));
}

// Where a quiet run's output goes: nowhere.
export const SILENT: Printer = { line: () => undefined, notice: () => {} };
