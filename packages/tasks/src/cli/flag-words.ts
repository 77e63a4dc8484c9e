import { kebabCase } from "../names.ts";
import { closest } from "../suggest.ts";
import { isNegativeNumber } from "./number-word.ts";
import type { FlagSpec } from "./parse-argv.ts";

// A word that names a flag: a dash and a non-digit, but not a negative number (`-.5e3`).
export function isFlagWord(word: string): boolean {
  return /^-[^0-9]/.test(word) && !isNegativeNumber(word);
}

// Long names by the one name a word starts, else by edit distance of the names alone, in kebab-case (`--DRY_RUN` is
// --dry-run; `--x` is no typo of `--on`); a one-letter flag when it differs by case (`-v` → `-V`) or was written long
// (`--h` → `-h`).
export function suggestion(written: string, flags: readonly FlagSpec[]): string {
  const letter = /^--?(.)$/.exec(written)?.[1]!.toLowerCase();
  const short = letter === undefined ? undefined : flags.find((flag) => flag.short?.toLowerCase() === letter);
  if (short) return ` (did you mean -${short.short}?)`;
  const names = flags.flatMap((flag) => [flag.name, ...(flag.negatable ? [`no-${flag.name}`] : [])]);
  const name = kebabCase(written.replace(/^--?/, ""));
  // A long word that starts one name alone was cut short (`--serv`, `--dry`): that name, before any typo's.
  const started = written.startsWith("--") ? names.filter((candidate) => candidate.startsWith(name)) : [];
  const hint = started.length === 1 && name.length > 1 ? started[0] : closest(name, names);
  return hint === undefined ? "" : ` (did you mean --${hint}?)`;
}
