import { AFTER_TASK, GLOBAL_FLAGS, flagName, globalSpec, type GlobalFlag } from "./cli/global-flags.ts";
import { pickFlags } from "./cli/parse-argv.ts";
import type { ResolvedTask } from "./types.ts";

const FILE = GLOBAL_FLAGS.find((flag) => flag.key === "file")!;

// How a global flag may be written: `--file`, `-f`.
function spellings(flag: GlobalFlag): string[] {
  return [`--${flagName(flag)}`, ...(flag.short === undefined ? [] : [`-${flag.short}`])];
}

// The `-f FILE` among the words typed so far, so completion reads the same tasks file dk would.
export function fileFromWords(words: readonly string[]): string | undefined {
  const file = pickFlags(words, [globalSpec(FILE)]).get(flagName(FILE));
  return typeof file === "string" ? file : undefined;
}

// What may come after `words` (the words before the cursor, without "dk"); empty lets the shell complete files.
export function candidates(words: readonly string[], tasks: readonly ResolvedTask[]): string[] {
  // dk's flags that take a value: the word after them is not the task.
  const valued = GLOBAL_FLAGS.filter((flag) => flag.value !== undefined).flatMap(spellings);
  const previous = words.at(-1);
  let commandIndex = -1;
  for (let index = 0; index < words.length && commandIndex === -1; index++) {
    const word = words[index]!;
    if (valued.includes(word)) index++;
    else if (!word.startsWith("-")) commandIndex = index;
  }
  if (commandIndex === -1 && previous !== undefined && valued.includes(previous)) return [];
  if (commandIndex === -1)
    return [...tasks.map((task) => task.name), "completion", ...GLOBAL_FLAGS.map((flag) => `--${flagName(flag)}`)];
  const command = words[commandIndex]!;
  const after = words.slice(commandIndex + 1);
  if (command === "completion") return after.length === 0 ? ["bash", "zsh"] : [];
  const task = tasks.find((candidate) => candidate.name === command);
  if (!task || after.includes("--")) return [];
  const valueOf = previous?.startsWith("--") ? task.flags.find((flag) => `--${flag.name}` === previous) : undefined;
  if (valueOf && valueOf.type !== "boolean" && commandIndex < words.length - 1)
    return (valueOf.choices ?? []).map(String);
  const used = new Set(after);
  const flags = task.flags.flatMap((flag) => {
    const names = [`--${flag.name}`, ...(flag.type === "boolean" ? [`--no-${flag.name}`] : [])];
    const repeatable = flag.type.endsWith("[]");
    return repeatable || !names.some((name) => used.has(name)) ? names : [];
  });
  // dk's own flags that also go after the task name, unless the task has a flag of that name.
  const dk = AFTER_TASK.map((flag) => `--${flagName(flag)}`).filter((name) => !flags.includes(name) && !used.has(name));
  return [...flags, ...dk];
}
