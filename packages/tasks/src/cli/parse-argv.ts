import { checkWords } from "./check-words.ts";
import { expandClusters } from "./clusters.ts";
import { isFlagWord } from "./flag-words.ts";
import { readValues } from "./read-values.ts";

export { isFlagWord } from "./flag-words.ts";

/** A flag as the parser sees it: a row of dk's global-flag table or a flag of a task's manifest. */
export type FlagSpec = {
  /** The long name, kebab-case, without dashes: `dry-run`. */
  readonly name: string;
  /** One letter, `-f`. */
  readonly short?: string | undefined;
  /** `switch`: `--x` (`--x=true|false`); `value`: once; `values`: repeatable; `count`: `-vvv` is 3. */
  readonly takes: "switch" | "value" | "values" | "count";
  /** `--no-x` turns the switch off. */
  readonly negatable?: boolean;
  /**
   * What the value is, when not text: a number (a task's number flags), or a positive whole number (dk's --limit). A
   * dash word after such a flag is then a bad value, never text to pass as `--x=-word`.
   */
  readonly kind?: "number" | "whole";
  /** What the value must be, after "needs", for people only: `a path`, `a value (string)`. */
  readonly needs?: string;
  /** Said last when the value is missing. */
  readonly missing?: string;
};

export type ParseOptions = {
  readonly flags: readonly FlagSpec[];
  /** The error for one bad input (a UsageError with the right usage line). */
  readonly fail: (message: string) => Error;
  /** Stop at the first word that is neither a flag nor a flag's value (dk's own flags end at the task name). */
  readonly halt?: boolean;
  /** The message for a word that is not a flag, when not halting. */
  readonly stray?: (word: string) => string;
  /** Said after "unknown flag X" when no flag name is close. */
  readonly unknownHint?: string;
  /** The whole message for a flag that is not one here but is known elsewhere (dk's own, before the task name). */
  readonly misplaced?: (written: string) => string | undefined;
};

export type Value = boolean | number | string | readonly string[];

export type ParsedArgv = {
  /** By long name: a switch's boolean, a value's text, the texts of a repeatable flag in order. */
  readonly values: ReadonlyMap<string, Value>;
  /** With `halt`: the word it stopped at and everything after it, untouched. */
  readonly remaining: readonly string[];
  /** Everything after `--` (without `halt`), untouched. */
  readonly rest: readonly string[];
};

/** Parses `words` with yargs-parser, configured from `flags`, after checking the rules it has no setting for. */
export function parseArgv(given: readonly string[], options: ParseOptions): ParsedArgv {
  const words = expandClusters(given, options);
  const end = checkWords(words, options);
  const read = options.halt ? words.slice(0, end) : words;
  return { ...readValues(read, options.flags, false), remaining: options.halt ? words.slice(end) : [] };
}

/**
 * Only the given flags, wherever they are before `--`, each as written (`--json`, `--limit=3`, `-h`, never `--h`),
 * with the next word when it takes one; any other word is left alone. Nothing else is checked.
 */
export function pickFlags(words: readonly string[], flags: readonly FlagSpec[]): ReadonlyMap<string, Value> {
  const picked: string[] = [];
  for (let index = 0; index < words.length && words[index] !== "--"; index++) {
    const word = words[index]!;
    const written = word.split("=")[0]!;
    const flag = flags.find(
      (candidate) => written === `--${candidate.name}` || written === `-${candidate.short ?? "-"}`,
    );
    if (flag === undefined) continue;
    picked.push(word);
    const next = words[index + 1];
    const valued = flag.takes === "value" || flag.takes === "values";
    if (valued && written === word && next !== undefined && next !== "--" && !isFlagWord(next)) picked.push(next);
  }
  return readValues(picked, flags, true).values;
}
