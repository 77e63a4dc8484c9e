import { homedir } from "node:os";
import { join } from "node:path";
import { AFTER_TASK, GLOBAL_FLAGS, dkReads, flagName, globalSpec, spellings } from "./cli/global-flags.ts";
import type { GlobalFlag } from "./cli/global-flag-types.ts";
import { isFlagWord, pickFlags } from "./cli/parse-argv.ts";
import { splitCalls, type Segment } from "./cli/split-calls.ts";
import { bare, flagCandidates, globalCandidate, taskCandidates, type Candidate } from "./complete-help.ts";
import { readProjectConfig, type ProjectConfig } from "./config-file.ts";
import { presetsFor, type Preset } from "./presets.ts";
import type { ResolvedTask } from "./types.ts";
import { COMPLETION_HELP, SHELLS } from "./completion.ts";

const FILE = GLOBAL_FLAGS.find((flag) => flag.key === "file")!;

// The `-f FILE` among the words typed so far, so completion reads the same tasks file dk would. The shells pass the
// word as typed: the `~/` their command line would have expanded is expanded here.
export function fileFromWords(words: readonly string[]): string | undefined {
  const file = pickFlags(words, [globalSpec(FILE)]).get(flagName(FILE));
  if (typeof file !== "string") return undefined;
  return file === "~" || file.startsWith("~/") ? join(homedir(), file.slice(1)) : file;
}

type Presets = (task: ResolvedTask) => ReadonlyMap<string, Preset>;
const NONE: Presets = () => new Map();

/** The flags that have a value without the command line (environment, config), as dk reads them; a bad one is none. */
export function projectPresets(file: string | undefined): Presets {
  let config: ProjectConfig | undefined;
  try {
    config = readProjectConfig(file);
  } catch {
    config = undefined;
  }
  return (task) => {
    try {
      return presetsFor(task, process.env, config);
    } catch {
      return new Map();
    }
  };
}

// What may come after `words` (the words before the cursor, without "dk"); empty lets the shell complete files.
export function candidates(words: readonly string[], tasks: readonly ResolvedTask[], presets = NONE): string[] {
  return describedCandidates(words, tasks, presets).map((candidate) => candidate.word);
}

/** The candidates with what each is: a task's summary, a flag's help (zsh and fish show them beside the word). */
export function describedCandidates(
  words: readonly string[],
  tasks: readonly ResolvedTask[],
  presets = NONE,
): Candidate[] {
  // dk's flags that take a value: the word after them is not the task.
  let commandIndex = -1;
  for (let index = 0; index < words.length && commandIndex === -1; index++) {
    const word = words[index]!;
    if (valueChoices(GLOBAL_FLAGS, word) !== undefined) index++;
    else if (!word.startsWith("-")) commandIndex = index;
  }
  const names = taskCandidates(tasks);
  const previous = commandIndex === -1 && words.length > 0 ? valueChoices(GLOBAL_FLAGS, words.at(-1)!) : undefined;
  if (previous !== undefined) return previous.map(bare);
  if (commandIndex === -1) {
    return [...names, { word: "completion", help: COMPLETION_HELP }, ...GLOBAL_FLAGS.map(globalCandidate)];
  }
  const command = words[commandIndex]!;
  if (command === "completion") return commandIndex === words.length - 1 ? SHELLS.map(bare) : [];
  return afterTasks(words.slice(commandIndex), tasks, names, presets);
}

// After `TASK [flags] [TASK [flags]]...`, split as dk splits them: the value awaited by the last flag, else the flags
// of the last task named not given yet, dk's own it leaves to dk, and the next task's name unless a word would be
// taken by position.
function afterTasks(
  words: readonly string[],
  tasks: readonly ResolvedTask[],
  names: readonly Candidate[],
  presets: Presets,
): Candidate[] {
  if (words.includes("--")) return [];
  let segments: Segment[];
  try {
    segments = splitCalls(tasks, words, { preset: (task) => new Set(presets(task).keys()) });
  } catch {
    // A word that is no task, nor a value: nothing dk would take follows for sure.
    return [];
  }
  const { task, words: own, open } = segments.at(-1)!;
  const awaited = awaitedValue(own.at(-1), task);
  if (awaited !== undefined) return awaited.map(bare);
  const used = new Set(own.flatMap((word) => givenFlags(word, task)));
  const flags = task.flags.flatMap((flag) => {
    const repeatable = flag.type.endsWith("[]") || flag.count === true;
    if (!repeatable && used.has(flag.name)) return [];
    return flagCandidates(flag, presets(task).get(flag.name));
  });
  const dk = AFTER_TASK.filter((flag) => dkReads(flag, task.flags) && !used.has(flagName(flag))).map(globalCandidate);
  const choices = open[0]?.choices?.map(bare) ?? [];
  const mine = (candidate: Candidate) => flags.some((flag) => flag.word === candidate.word);
  return [...choices, ...flags, ...dk.filter((flag) => !mine(flag)), ...(open.length > 0 ? [] : names)];
}

// The choices of the flag `word` names when it still waits for its value (any value: none), else undefined.
function awaitedValue(word: string | undefined, task: ResolvedTask): readonly (string | number)[] | undefined {
  if (word === undefined || !isFlagWord(word) || word.includes("=")) return undefined;
  const own = task.flags.find((flag) => flag.type !== "boolean" && !flag.count && spelled(word, flag.name, flag.short));
  if (own !== undefined) return own.choices ?? [];
  return valueChoices(
    AFTER_TASK.filter((flag) => dkReads(flag, task.flags)),
    word,
  );
}

// The names of the flags a word gives: `--x`, `--x=1`, `--no-x`, `-x` and each letter of `-xy`.
function givenFlags(word: string, task: ResolvedTask): string[] {
  if (!isFlagWord(word)) return [];
  const written = word.split("=")[0]!;
  if (written.startsWith("--")) {
    const name = written.slice(2);
    const own = task.flags.some((flag) => flag.name === name);
    return [!own && name.startsWith("no-") ? name.slice(3) : name];
  }
  const flags = [...task.flags, ...AFTER_TASK.map((flag) => ({ name: flagName(flag), short: flag.short }))];
  return Array.from(written.slice(1)).flatMap((letter) =>
    flags.filter((flag) => flag.short === letter).map((f) => f.name),
  );
}

// Whether `word` is `--name` or ends in the letter `short` (`-n`, `-fn`).
function spelled(word: string, name: string, short: string | undefined): boolean {
  return word === `--${name}` || (short !== undefined && !word.startsWith("--") && word.endsWith(short));
}

// The choices of the flag among `flags` that `word` spells when it takes a value (any value: none), else undefined.
function valueChoices(flags: readonly GlobalFlag[], word: string): readonly string[] | undefined {
  const flag = flags.find((candidate) => candidate.value !== undefined && spellings(candidate).includes(word));
  return flag === undefined ? undefined : (flag.choices ?? []);
}
