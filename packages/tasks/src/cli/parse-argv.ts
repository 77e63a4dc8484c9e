import { expandClusters } from "./clusters.ts";
import { isFlagWord, suggestion } from "./flag-words.ts";
import { readValues } from "./read-values.ts";
import { NUMBER_EXAMPLES } from "./number-word.ts";

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

// dk's rules that yargs-parser has no setting for, checked on the words before it reads them: every flag is
// known; a flag word is never a value (write --x=-y for that); a switch takes no value but true/false after "=";
// a flag that does not repeat is given once. Returns where the flags end: at `--`, or the first other word with `halt`.
function checkWords(words: readonly string[], options: ParseOptions): number {
  const seen = new Set<string>();
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (word === "--") return index;
    if (!isFlagWord(word)) {
      if (options.halt) return index;
      throw options.fail(options.stray?.(word) ?? `unexpected argument "${word}"`);
    }
    const equals = word.indexOf("=");
    const written = equals > 0 ? word.slice(0, equals) : word;
    const inline = equals > 0 ? word.slice(equals + 1) : undefined;
    const { flag, negated } = identify(written, options);
    const long = `--${flag.name}`;
    if (flag.takes === "count") {
      if (inline !== undefined)
        throw options.fail(
          `${long} counts how often it is given: repeat it (-${flag.short ?? "v"}${flag.short ?? "v"}), not ${word}`,
        );
      continue;
    }
    if (flag.takes === "switch") {
      if (negated && inline !== undefined) throw options.fail(`${written} takes no value`);
      if (inline !== undefined && inline !== "true" && inline !== "false") {
        throw options.fail(
          `${long} is a switch: use ${long}${flag.negatable ? ` or --no-${flag.name}` : ""}, not ${word}`,
        );
      }
    } else if (inline === undefined) {
      const next = words[index + 1];
      if (next === undefined || next === "--" || isFlagWord(next)) {
        const got = next === undefined || next === "--" ? "" : gotWord(long, flag, next, options);
        throw options.fail(`${written} needs ${flag.needs ?? "a value"}${got}${flag.missing ?? ""}`);
      }
      index++;
    }
    if (flag.takes !== "values" && seen.has(flag.name)) throw options.fail(`${long} given more than once`);
    seen.add(flag.name);
  }
  return words.length;
}

// What a valued flag got instead of its value: a flag, or a word that names none (`--count -Infinity`), which for a
// number is said as what a number looks like.
function gotWord(long: string, flag: FlagSpec, next: string, options: ParseOptions): string {
  const written = next.split("=")[0]!;
  let known = options.misplaced?.(written) !== undefined;
  try {
    known ||= identify(written, options) !== undefined;
  } catch {
    // No flag here or elsewhere: a value that looks like a flag.
  }
  if (known) return `, got the flag ${next} (write ${long}=${next} to pass it as the value)`;
  if (flag.kind === "number") return `, got "${next}": a number looks like ${NUMBER_EXAMPLES.slice(3)}`;
  if (flag.kind === "whole") return `, got "${next}"`;
  return `, got "${next}", which is no flag (write ${long}=${next} to pass it as the value)`;
}

// The flag a word names (`--x`, `-x`, `--no-x`), or the "unknown flag" error with the nearest name.
function identify(written: string, options: ParseOptions): { flag: FlagSpec; negated: boolean } {
  const { flags } = options;
  const long = written.startsWith("--") ? written.slice(2) : undefined;
  const flag =
    long === undefined
      ? flags.find((candidate) => candidate.short === written.slice(1))
      : flags.find((candidate) => candidate.name === long);
  if (flag) return { flag, negated: false };
  const negated = long?.startsWith("no-")
    ? flags.find((candidate) => candidate.negatable && candidate.name === long.slice(3))
    : undefined;
  if (negated) return { flag: negated, negated: true };
  const elsewhere = options.misplaced?.(written);
  if (elsewhere !== undefined) throw options.fail(elsewhere);
  const offless = long?.startsWith("no-") ? flags.find((candidate) => candidate.name === long.slice(3)) : undefined;
  if (offless) throw options.fail(`${written}: ${noOff(offless)}`);
  throw options.fail(`unknown flag ${written}${suggestion(written, flags) || (options.unknownHint ?? "")}`);
}

// Why `--no-x` is no word for `flag`: a task's booleans alone have an off (dk's switches are off unless given).
function noOff(flag: FlagSpec): string {
  const long = `--${flag.name}`;
  if (flag.takes === "switch") return `dk's ${long} is off unless given; it has no --no- form`;
  if (flag.takes === "count") return `${long} counts how often it is given; leave it out for none`;
  const none = flag.takes === "values" ? `; ${long}= gives it no items` : "";
  return `${long} takes ${flag.needs ?? "a value"}, and only a task's boolean flag has a --no- form${none}`;
}
