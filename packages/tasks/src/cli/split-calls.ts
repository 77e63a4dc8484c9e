import { LoadError, UsageError } from "../errors.ts";
import { usageLine } from "../format/usage.ts";
import { findTask, namesOf } from "../lookup.ts";
import { kebabCase } from "../names.ts";
import { taskSpec } from "../parse-flags.ts";
import { didYouMean } from "../suggest.ts";
import type { Flag, ResolvedTask, Skipped } from "../types.ts";
import { AFTER_TASK, GLOBAL_USAGE, globalSpec } from "./global-flags.ts";
import { dkWordHint, flagOfOtherTask } from "./misplaced.ts";
import { isFlagWord, type FlagSpec } from "./parse-argv.ts";

/** One task named on the command line and the words that are its own (positionals already made flags). */
export type Segment = {
  readonly task: ResolvedTask;
  readonly words: readonly string[];
  /** The required flags a next word would still fill by position, in order. */
  readonly open: readonly Flag[];
};

export type SplitOptions = {
  /** Flags that have a value without the command line (environment, config): not taken by position. */
  readonly preset: (task: ResolvedTask) => ReadonlySet<string>;
  /** Exports that are not tasks, to say why when one is named. */
  readonly skipped?: readonly Skipped[];
  /** Said after "unknown task" when there is no tasks file. */
  readonly unknownHint?: string;
};

/**
 * Splits `dk clean build --release test` into one segment per task. After a task name come its flags, then values
 * for its required flags by position (in declaration order, while one has no value yet), then the next task name.
 * Everything after `--` belongs to the last task.
 */
export function splitCalls(tasks: readonly ResolvedTask[], words: readonly string[], options: SplitOptions): Segment[] {
  const segments: Segment[] = [];
  let index = 0;
  while (index < words.length) {
    const task = taskNamed(tasks, words[index]!, options, segments.at(-1)?.task);
    const specs = [...task.flags.map(taskSpec), ...AFTER_TASK.map(globalSpec)];
    const slots = task.flags.filter(
      (flag) => flag.required && flag.type !== "boolean" && !options.preset(task).has(flag.name),
    );
    const own: string[] = [];
    for (index++; index < words.length; index++) {
      const word = words[index]!;
      if (word === "--") {
        own.push(...words.slice(index));
        index = words.length;
        break;
      }
      if (isFlagWord(word)) {
        own.push(word);
        const spec = specOf(word, specs);
        // An unknown flag: the rest is this task's, so its parser names the flag (with "did you mean").
        if (spec === undefined) {
          const before = segments.map((segment) => segment.task);
          const misplaced = flagOfOtherTask(word, task, before, words.slice(index + 1), tasks);
          if (misplaced !== undefined) throw misplaced;
          own.push(...words.slice(index + 1));
          index = words.length;
          break;
        }
        const at = slots.findIndex((slot) => slot.name === spec.name);
        if (at !== -1) slots.splice(at, 1);
        const takesNext =
          (spec.takes === "value" || spec.takes === "values") && !word.includes("=") && endsWithShort(word, spec);
        const next = words[index + 1];
        if (takesNext && next !== undefined && next !== "--" && !isFlagWord(next)) own.push(words[++index]!);
        continue;
      }
      const slot = slots.shift();
      if (slot === undefined) break;
      own.push(`--${slot.name}=${word}`);
    }
    index = Math.min(index, words.length);
    segments.push({ task, words: own, open: slots });
  }
  return segments;
}

// The flag a word names: `--x`, `--x=1`, `-x`, or in a cluster the first letter that takes a value (`-vn5`, whose
// value is the rest) else the last (`-fq`); undefined when a letter names no flag. `--no-x` is a switch.
function specOf(word: string, specs: readonly FlagSpec[]): FlagSpec | undefined {
  const written = word.split("=")[0]!;
  if (written.startsWith("--")) return specs.find((spec) => spec.name === written.slice(2));
  let spec: FlagSpec | undefined;
  for (const letter of written.slice(1)) {
    spec = specs.find((candidate) => candidate.short === letter);
    if (spec === undefined || spec.takes === "value" || spec.takes === "values") return spec;
  }
  return spec;
}

// `-n` and `-fn` take the next word; `-n5` carries its value.
function endsWithShort(word: string, spec: FlagSpec): boolean {
  if (word.startsWith("--")) return true;
  return word.at(-1) === spec.short && word.indexOf(spec.short!) === word.length - 1;
}

// The task a word names, or the error: not a task (did you mean …), an export that is not a task (why), or a task that
// cannot run (its problems).
function taskNamed(
  tasks: readonly ResolvedTask[],
  word: string,
  options: SplitOptions,
  before?: ResolvedTask,
): ResolvedTask {
  const task = findTask(tasks, word);
  // Its flags are unknown: neither its words nor its help can be read.
  if (task?.problems) throw new LoadError(task.problems);
  if (task) return task;
  const inside = tasks.filter((candidate) => candidate.name.startsWith(`${word}.`)).map((candidate) => candidate.name);
  if (inside.length > 0) {
    const names = inside.slice(0, 3).join(", ") + (inside.length > 3 ? ", …" : "");
    throw new UsageError(
      `"${word}" is a namespace without a default task: name one of ${names}`,
      GLOBAL_USAGE,
      `dk --list ${word}`,
    );
  }
  const export_ = options.skipped?.find((candidate) => [word, kebabCase(word)].includes(candidate.name));
  if (export_) throw new UsageError(`"${word}" is not a task: ${export_.reason}`, GLOBAL_USAGE, "dk --list --all");
  // In kebab-case first: `buildAll` and `BUILD_ALL` are no typos of build-all.
  const hint = nameHint(kebabCase(word), tasks.flatMap(namesOf)) || (options.unknownHint ?? "");
  const dkWord = dkWordHint(word, before);
  if (before === undefined) throw new UsageError(`unknown task "${word}"${hint}${dkWord}`, GLOBAL_USAGE, "dk --list");
  const full = `"${before.name}" takes no more values by position`;
  const message = hint
    ? `unknown task "${word}"${hint}; ${full}${dkWord}`
    : `unexpected argument "${word}": not a task, and ${full} (flags start with --)${dkWord}`;
  throw new UsageError(message, usageLine(before), `dk ${before.name} --help`);
}

// The closest name, else a namespaced task's name given without its namespace (`restart` → ops.restart).
function nameHint(word: string, names: readonly string[]): string {
  const inside = names.find((name) => name.endsWith(`.${word}`));
  return didYouMean(word, names) || (inside === undefined ? "" : ` (did you mean ${inside}?)`);
}
