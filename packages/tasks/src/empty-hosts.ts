import { UsageError } from "./errors.ts";
import { usageLine } from "./format/usage.ts";
import type { Step } from "./plan.ts";
import type { Io } from "./types.ts";

/**
 * A `hosts` flag that names no host (`""`, `","`) would run the task on nothing and exit 0: an error when the task
 * requires hosts, else a warning. Checked on every step before any runs.
 */
export function checkHosts(steps: readonly Step[], io: Io): void {
  for (const { task, call } of steps) {
    const flag = task.flags.find((candidate) => candidate.name === "hosts" && candidate.type.startsWith("string"));
    if (!flag) continue;
    const value = flag.property in call.options ? call.options[flag.property] : flag.default;
    const texts = Array.isArray(value) ? value : [value];
    if (value === undefined || !texts.every((text) => typeof text === "string" && text.replace(/[\s,]/g, "") === ""))
      continue;
    const what = `--hosts of "${task.name}" names no host (${JSON.stringify(value)})`;
    if (flag.required) throw new UsageError(`${what}; give at least one`, usageLine(task), `dk ${task.name} --help`);
    io.stderr.write(`dk: warning: ${what}: the task runs on no hosts\n`);
  }
}
