import { AFTER_TASK, GLOBAL_FLAGS, flagName, globalSpec, spellings } from "./cli/global-flags.ts";
import type { GlobalFlag } from "./cli/global-flag-types.ts";
import { pickFlags } from "./cli/parse-argv.ts";
import { findTask, namesOf } from "./lookup.ts";
import type { ResolvedTask } from "./types.ts";
import { SHELLS } from "./completion.ts";

const FILE = GLOBAL_FLAGS.find((flag) => flag.key === "file")!;

// The `-f FILE` among the words typed so far, so completion reads the same tasks file dk would.
export function fileFromWords(words: readonly string[]): string | undefined {
  const file = pickFlags(words, [globalSpec(FILE)]).get(flagName(FILE));
  return typeof file === "string" ? file : undefined;
}

// What may come after `words` (the words before the cursor, without "dk"); empty lets the shell complete files.
export function candidates(words: readonly string[], tasks: readonly ResolvedTask[]): string[] {
  // dk's flags that take a value: the word after them is not the task.
  let commandIndex = -1;
  for (let index = 0; index < words.length && commandIndex === -1; index++) {
    const word = words[index]!;
    if (valueChoices(GLOBAL_FLAGS, word) !== undefined) index++;
    else if (!word.startsWith("-")) commandIndex = index;
  }
  const names = tasks.flatMap(namesOf);
  const previous = commandIndex === -1 && words.length > 0 ? valueChoices(GLOBAL_FLAGS, words.at(-1)!) : undefined;
  if (previous !== undefined) return previous.map(String);
  if (commandIndex === -1) return [...names, "completion", ...GLOBAL_FLAGS.map((flag) => `--${flagName(flag)}`)];
  const command = words[commandIndex]!;
  if (command === "completion") return commandIndex === words.length - 1 ? [...SHELLS] : [];
  return afterTasks(words.slice(commandIndex), tasks, names);
}

// After `TASK [flags] [TASK [flags]]...`: the flags of the last task named, dk's own, and the next task's name.
function afterTasks(words: readonly string[], tasks: readonly ResolvedTask[], names: readonly string[]): string[] {
  if (words.includes("--")) return [];
  let task: ResolvedTask | undefined;
  let start = 0;
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    const flag = task?.flags.find((candidate) => `--${candidate.name}` === word);
    // The word after a flag that takes a value is that value: the task's own flag's, else dk's (--transport).
    const choices =
      flag === undefined
        ? task && valueChoices(AFTER_TASK, word)
        : flag.type !== "boolean" && !flag.count && (flag.choices ?? []);
    if (choices) {
      index++;
      if (index === words.length) return choices.map(String);
      continue;
    }
    const named = word.startsWith("-") ? undefined : findTask(tasks, word);
    if (named) [task, start] = [named, index + 1];
  }
  if (!task) return [];
  const used = new Set(words.slice(start));
  const flags = task.flags.flatMap((flag) => {
    const spelled = [`--${flag.name}`, ...(flag.type === "boolean" ? [`--no-${flag.name}`] : [])];
    const repeatable = flag.type.endsWith("[]") || flag.count === true;
    return repeatable || !spelled.some((name) => used.has(name)) ? spelled : [];
  });
  // dk's own flags that also go after the task name, unless the task has a flag of that name.
  const dk = AFTER_TASK.map((flag) => `--${flagName(flag)}`).filter((name) => !flags.includes(name) && !used.has(name));
  return [...flags, ...dk, ...names];
}

// The choices of the flag among `flags` that `word` spells when it takes a value (any value: none), else undefined.
function valueChoices(flags: readonly GlobalFlag[], word: string): readonly string[] | undefined {
  const flag = flags.find((candidate) => candidate.value !== undefined && spellings(candidate).includes(word));
  return flag === undefined ? undefined : (flag.choices ?? []);
}
