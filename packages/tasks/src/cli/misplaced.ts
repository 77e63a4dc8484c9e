import { UsageError } from "../errors.ts";
import { usageLine } from "../format/usage.ts";
import { findTask } from "../lookup.ts";
import type { ResolvedTask } from "../types.ts";

// Words that are dk's own flags when written with dashes; as a task name they name no task.
const DK_WORDS = new Map([
  ["help", "for dk's help, use dk --help (a task's: dk TASK --help)"],
  ["list", "to list the tasks, use dk --list"],
  ["version", "for dk's version, use dk --version"],
]);

/** What to say after "unknown task WORD" when WORD is one of dk's flags without its dashes. */
export function dkWordHint(word: string, before?: ResolvedTask): string {
  if (word === "help" && before !== undefined) return `; for ${before.name}'s help, use dk ${before.name} --help`;
  const hint = DK_WORDS.get(word);
  return hint === undefined ? "" : `; ${hint}`;
}

/**
 * The error for a flag that `task` does not know but another task on the line does (`dk a --y 2 b`, where `--y`
 * is b's): a task named after it, else one before it. Undefined when no task named there knows it.
 */
export function flagOfOtherTask(
  word: string,
  task: ResolvedTask,
  before: readonly ResolvedTask[],
  after: readonly string[],
  tasks: readonly ResolvedTask[],
): UsageError | undefined {
  const end = after.indexOf("--");
  const later = (end === -1 ? after : after.slice(0, end)).flatMap((next) => findTask(tasks, next) ?? []);
  const owner = [...later, ...before].find((candidate) => candidate !== task && knows(candidate, word));
  if (owner === undefined) return undefined;
  const written = word.split("=")[0]!;
  return new UsageError(
    `unknown flag ${written} for "${task.name}"; it is a flag of "${owner.name}": give it after "${owner.name}"`,
    usageLine(owner),
    `dk ${owner.name} --help`,
  );
}

// Whether `word` (`--x`, `--x=1`, `--no-x` of a switch, `-x`) names one of the task's flags.
function knows(task: ResolvedTask, word: string): boolean {
  const written = word.split("=")[0]!;
  return task.flags.some(
    (flag) =>
      written === `--${flag.name}` ||
      (flag.type === "boolean" && written === `--no-${flag.name}`) ||
      (flag.short !== undefined && written === `-${flag.short}`),
  );
}
