import { didYouMean } from "../suggest.ts";
import type { FlagSpec } from "./parse-argv.ts";

// A word that names a flag, as yargs-parser tells them from values: a dash and a non-digit, but not `-.5`.
const NEGATIVE = /^-([0-9]+(\.[0-9]+)?|\.[0-9]+)$/;
export function isFlagWord(word: string): boolean {
  return /^-[^0-9]/.test(word) && !NEGATIVE.test(word);
}

// Long names by edit distance; a one-letter flag only when it differs by case (`-v` → `-V`).
export function suggestion(written: string, flags: readonly FlagSpec[]): string {
  const short = flags.find(
    (flag) =>
      flag.short !== undefined && written.length === 2 && flag.short.toLowerCase() === written[1]!.toLowerCase(),
  );
  if (short) return ` (did you mean -${short.short}?)`;
  return didYouMean(
    written,
    flags.flatMap((flag) => [`--${flag.name}`, ...(flag.negatable ? [`--no-${flag.name}`] : [])]),
  );
}
