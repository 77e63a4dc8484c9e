import { flagName } from "./cli/global-flags.ts";
import type { GlobalFlag } from "./cli/global-flag-types.ts";
import { describeFlag } from "./format/help.ts";
import { taskSummary } from "./format/summary.ts";
import { namesOf } from "./lookup.ts";
import type { Preset } from "./presets.ts";
import type { Flag, ResolvedTask } from "./types.ts";

/** A word completion offers, and what it is (a task's summary, a flag's help) for the shells that show it. */
export type Candidate = { readonly word: string; readonly help: string };

/** A word with nothing to say about it: a choice, a shell. */
export function bare(word: string | number): Candidate {
  return { word: String(word), help: "" };
}

// One line a shell can show beside the word: a tab, a newline or an escape in a doc would break its list.
function oneLine(text: string): string {
  return text.replace(/[\s\p{Cc}]+/gu, " ").trim();
}

/** Each name of each task (its aliases too), with its doc's summary, as the list shows it. */
export function taskCandidates(tasks: readonly ResolvedTask[]): Candidate[] {
  return tasks.flatMap((task) => {
    const help = oneLine(taskSummary(task.help));
    return namesOf(task).map((word) => ({ word, help }));
  });
}

/** A task's flag (and its --no- form) with its doc, type and effective default, as `dk TASK --help` says them. */
export function flagCandidates(flag: Flag, preset: Preset | undefined): Candidate[] {
  const help = oneLine(describeFlag(flag, preset));
  const words = flag.only === false ? [] : [`--${flag.name}`];
  if (flag.type === "boolean" && flag.only !== true) words.push(`--no-${flag.name}`);
  return words.map((word) => ({ word, help }));
}

/** One of dk's own flags, with its help. */
export function globalCandidate(flag: GlobalFlag): Candidate {
  return { word: `--${flagName(flag)}`, help: oneLine(flag.help) };
}

/** What `dk __complete` prints, a word a line; with `described` (`dk __describe`), each with a tab and its help. */
export function completionLines(found: readonly Candidate[], described: boolean): string {
  return found.map(({ word, help }) => (described && help !== "" ? `${word}\t${help}\n` : `${word}\n`)).join("");
}
