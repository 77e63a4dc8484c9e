import { isFlagWord, suggestion } from "./flag-words.ts";
import type { FlagSpec, ParseOptions } from "./parse-argv.ts";

// `-abc` → `-a -b -c` when every letter is a short flag; a letter that takes a value takes the rest of the word
// (`-n5`, `-n-5`) or the next word. A cluster with an unknown letter names that letter. With `halt`, the words from
// the first one that is neither a flag nor a flag's value (the task name) are left as typed.
export function expandClusters(words: readonly string[], options: ParseOptions): string[] {
  const out: string[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (word === "--" || (options.halt && !isFlagWord(word) && !takesNext(out.at(-1), options.flags))) {
      return [...out, ...words.slice(index)];
    }
    // A word of letters that are not all flags, after a flag that wants a value (`--count -Infinity`): its value,
    // for the flag's check to name.
    const unknown = Array.from(word.slice(1)).some((letter) => !options.flags.some((flag) => flag.short === letter));
    const cluster = /^-[^-=]{2,}$/.test(word) || attachedDash(word, options.flags);
    if (!cluster || !isFlagWord(word) || (unknown && takesNext(out.at(-1), options.flags))) {
      out.push(word);
      continue;
    }
    for (let at = 1; at < word.length; at++) {
      const flag = options.flags.find((candidate) => candidate.short === word[at]);
      if (!flag) {
        // `-help`, `-nmae`: a long name (or a typo of one) written with one dash, not letters of a cluster.
        const long = suggestion(word, options.flags);
        if (long !== "") throw options.fail(`unknown flag ${word}${long}`);
        throw options.fail(`unknown flag -${word[at]} in ${word}${suggestion(`-${word[at]}`, options.flags)}`);
      }
      const rest = word.slice(at + 1);
      if (valued(flag) && rest !== "") {
        out.push(`--${flag.name}=${rest}`);
        break;
      }
      out.push(`-${word[at]}`);
    }
  }
  return out;
}

// Whether `word`, as expanded, is a flag whose value is the next word (`-f`, `--file`; not `--file=x`).
function takesNext(word: string | undefined, flags: readonly FlagSpec[]): boolean {
  if (word === undefined || !isFlagWord(word) || word.includes("=")) return false;
  const flag = flags.find((candidate) => word === `--${candidate.name}` || word === `-${candidate.short ?? "-"}`);
  return flag !== undefined && valued(flag);
}

// `-n-5`, `-vo-x.txt`: letters, the last a flag that takes a value, then a value that starts with a dash.
function attachedDash(word: string, flags: readonly FlagSpec[]): boolean {
  const dash = word.indexOf("-", 1);
  if (dash < 2 || word.slice(0, dash).includes("=")) return false;
  const flag = flags.find((candidate) => candidate.short === word[dash - 1]);
  return flag !== undefined && valued(flag);
}

function valued(flag: FlagSpec): boolean {
  return flag.takes === "value" || flag.takes === "values";
}
