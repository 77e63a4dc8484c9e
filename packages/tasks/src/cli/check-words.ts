import { isFlagWord, suggestion } from "./flag-words.ts";
import { NUMBER_EXAMPLES } from "./number-word.ts";
import type { FlagSpec, ParseOptions } from "./parse-argv.ts";

// dk's rules that yargs-parser has no setting for, checked on the words before it reads them: every flag is
// known; a flag word is never a value (write --x=-y for that); a switch takes no value but true/false after "=";
// a flag that does not repeat is given once. Returns where the flags end: at `--`, or the first other word with `halt`.
export function checkWords(words: readonly string[], options: ParseOptions): number {
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
