import yargsParser from "yargs-parser";
import { isFlagWord } from "./flag-words.ts";
import type { FlagSpec, ParsedArgv, Value } from "./parse-argv.ts";

/** What yargs-parser reads from `words` for `flags`; `lenient` leaves unknown flags alone instead of reading them. */
export function readValues(
  words: readonly string[],
  flags: readonly FlagSpec[],
  lenient: boolean,
): Omit<ParsedArgv, "remaining"> {
  const valued = flags.filter((flag) => flag.takes === "value" || flag.takes === "values").map((flag) => flag.name);
  const { argv } = yargsParser.detailed(negations(dashValues(words, flags), flags), {
    boolean: flags.filter((flag) => flag.takes === "switch").map((flag) => flag.name),
    count: flags.filter((flag) => flag.takes === "count").map((flag) => flag.name),
    string: valued,
    narg: Object.fromEntries(valued.map((name) => [name, 1])),
    alias: Object.fromEntries(flags.flatMap((flag) => (flag.short === undefined ? [] : [[flag.name, [flag.short]]]))),
    configuration: {
      "camel-case-expansion": false,
      "dot-notation": false,
      "parse-numbers": false,
      "parse-positional-numbers": false,
      "short-option-groups": false,
      "strip-aliased": true,
      "greedy-arrays": false,
      "boolean-negation": false,
      "populate--": true,
      "unknown-options-as-args": lenient,
    },
  });
  const values = new Map<string, Value>();
  for (const flag of flags) {
    // Its own key alone: a flag named `constructor` not given would read the object's inherited one.
    const value = Object.hasOwn(argv, flag.name) ? (argv[flag.name] as Value) : undefined;
    if (value === undefined || (flag.takes === "count" && value === 0)) continue;
    values.set(flag.name, flag.takes === "values" ? [value].flat().map(String) : value);
  }
  return { values, rest: (argv["--"] as string[] | undefined) ?? [] };
}

// `--no-x` of a negatable switch as `--x=false`, and the rest as written: yargs-parser's own negation would take
// `--no-cache`, the word of a flag named `no-cache` (`noCache`), for a flag `cache` turned off, and lose it.
function negations(words: readonly string[], flags: readonly FlagSpec[]): string[] {
  const end = words.includes("--") ? words.indexOf("--") : words.length;
  return words.map((word, index) => {
    if (index >= end || !word.startsWith("--no-") || flags.some((flag) => `--${flag.name}` === word)) return word;
    const negated = flags.find((flag) => flag.negatable && `--no-${flag.name}` === word);
    return negated === undefined ? word : `--${negated.name}=false`;
  });
}

// A value that starts with a dash (a negative number, `-.5e3`; parseArgv has checked it is no flag) joined to its
// flag as `--x=-.5e3`: yargs-parser takes a dash and a non-digit for a flag.
function dashValues(words: readonly string[], flags: readonly FlagSpec[]): string[] {
  const out: string[] = [];
  let index = 0;
  for (; index < words.length && words[index] !== "--"; index++) {
    const word = words[index]!;
    const next = words[index + 1] ?? "";
    const flag = flags.find((candidate) => word === `--${candidate.name}` || word === `-${candidate.short ?? "-"}`);
    if ((flag?.takes === "value" || flag?.takes === "values") && /^-[^0-9]/.test(next) && !isFlagWord(next)) {
      out.push(`--${flag.name}=${next}`);
      index++;
    } else {
      out.push(word);
    }
  }
  return [...out, ...words.slice(index)];
}
