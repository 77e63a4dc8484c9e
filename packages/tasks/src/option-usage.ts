import { UsageError } from "./errors.ts";
import { usageLine } from "./format/usage.ts";
import type { Task } from "./types.ts";

// What a built-in throws for an option with a bad value (builtin/input.ts, OptionError), known by its code.
type BadOption = { readonly code: "DK_BAD_OPTION"; readonly option: string; readonly detail: string };

/**
 * A built-in task's bad option value as bad usage of the flag it came from: the flag's name, exit 2 and the usage
 * line, as when the flag does not parse. Undefined for any other error, or an option that is no flag of `task`.
 */
export function flagUsageError(task: Task, error: unknown): UsageError | undefined {
  const bad = error as Partial<BadOption> | null;
  if (typeof bad !== "object" || bad === null || bad.code !== "DK_BAD_OPTION") return undefined;
  const flag = task.flags.find((one) => one.property === bad.option);
  if (flag === undefined) return undefined;
  return new UsageError(`--${flag.name}${bad.detail ?? ": bad value"}`, usageLine(task), `dk ${task.name} --help`);
}
