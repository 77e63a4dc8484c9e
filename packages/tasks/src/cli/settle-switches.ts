import { UsageError } from "../errors.ts";
import { AFTER_TASK, dkReads, flagName, globalSpec } from "./global-flags.ts";
import type { Globals, SwitchKey } from "./global-flag-types.ts";
import { pickFlags } from "./parse-argv.ts";
import type { Segment } from "./split-calls.ts";

/**
 * dk's after-task switches once the tasks' flags are known: on when given before the task name, or after a task whose
 * flags leave the word to dk (dkReads). `dk report --json out.json` is report's flag alone. Read from the words as
 * split, before they are checked, so that a task's help (`dk report --debug --help`) knows them too. One given twice,
 * on either side of a task name, is bad usage as any flag given twice is (a help asked for is shown all the same).
 */
export function settleSwitches(globals: Globals, segments: readonly Segment[]): Globals {
  const settled = { ...globals };
  for (const flag of AFTER_TASK.filter((candidate) => candidate.value === undefined && candidate.key !== "help")) {
    const given = ({ task, words }: Segment) =>
      dkReads(flag, task.flags) && pickFlags(words, [globalSpec(flag)]).get(flagName(flag)) === true;
    const times = (globals.beforeTask.has(flag.key as SwitchKey) ? 1 : 0) + segments.filter(given).length;
    if (times > 1 && !globals.help) {
      throw new UsageError(`--${flagName(flag)} given more than once`, `dk --${flagName(flag)} TASK`);
    }
    settled[flag.key as SwitchKey] = times > 0;
  }
  return settled;
}
