import type { Named } from "../plan.ts";
import { AFTER_TASK, flagName } from "./global-flags.ts";
import type { Globals, SwitchKey } from "./global-flag-types.ts";

/**
 * dk's after-task switches once the tasks' flags are known: on when given before the task name, or after a task whose
 * flags leave the word to dk (dkReads). `dk report --json out.json` is report's flag alone.
 */
export function settleSwitches(globals: Globals, named: readonly Named[]): Globals {
  const settled = { ...globals };
  for (const flag of AFTER_TASK.filter((candidate) => candidate.value === undefined && candidate.key !== "help")) {
    const key = flag.key as SwitchKey;
    const name = flagName(flag);
    settled[key] = globals.beforeTask.has(key) || named.some((entry) => entry.call.dk.get(name) === true);
  }
  return settled;
}
