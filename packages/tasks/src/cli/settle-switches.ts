import { UsageError } from "../errors.ts";
import { usageLine } from "../format/usage.ts";
import type { Named } from "../plan.ts";
import { AFTER_TASK, dkReads, flagName } from "./global-flags.ts";
import type { Globals, SwitchKey } from "./global-flag-types.ts";

// Read before tasks.ts is loaded (stdout is moved aside for the JSON document): too late to take back after it.
const EARLY: ReadonlySet<SwitchKey> = new Set(["json"]);

/**
 * dk's after-task switches once the tasks' flags are known: on when given before the task name, or after a task whose
 * flags leave the word to dk (dkReads). `dk report --json out.json` is report's flag alone.
 */
export function settleSwitches(globals: Globals, named: readonly Named[]): Globals {
  const settled = { ...globals };
  for (const flag of AFTER_TASK.filter((candidate) => candidate.value === undefined && candidate.key !== "help")) {
    const key = flag.key as SwitchKey;
    const name = flagName(flag);
    const on = globals.beforeTask.has(key) || named.some((entry) => entry.call.dk.get(name) === true);
    if (globals[key] === true && !on && EARLY.has(key)) {
      const taker = named.find((entry) => !dkReads(flag, entry.task.flags))?.task ?? named[0]!.task;
      throw new UsageError(
        `--${name} after "${taker.name}" is its own flag, but dk reads --${name} before tasks.ts: ` +
          `write the task's as --${name}=VALUE (and dk's, if wanted, before the task name)`,
        usageLine(taker),
        `dk ${taker.name} --help`,
      );
    }
    settled[key] = on;
  }
  return settled;
}
