import { isFlagWord, suggestion } from "./flag-words.ts";
import type { ParseOptions } from "./parse-argv.ts";

// `-abc` → `-a -b -c` when every letter is a short flag; a letter that takes a value takes the rest of the word
// (`-n5`) or the next word. A cluster with an unknown letter names that letter.
export function expandClusters(words: readonly string[], options: ParseOptions): string[] {
  const out: string[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (word === "--") return [...out, ...words.slice(index)];
    if (!/^-[^-=]{2,}$/.test(word) || !isFlagWord(word)) {
      out.push(word);
      continue;
    }
    for (let at = 1; at < word.length; at++) {
      const flag = options.flags.find((candidate) => candidate.short === word[at]);
      if (!flag) {
        // `-help`: a long name written with one dash.
        const long = options.flags.find((candidate) => candidate.name === word.slice(1));
        const hint = long ? ` (did you mean --${long.name}?)` : suggestion(`-${word[at]}`, options.flags);
        throw options.fail(`unknown flag -${word[at]} in ${word}${hint}`);
      }
      const rest = word.slice(at + 1);
      if ((flag.takes === "value" || flag.takes === "values") && rest !== "") {
        out.push(`--${flag.name}=${rest}`);
        break;
      }
      out.push(`-${word[at]}`);
    }
  }
  return out;
}
