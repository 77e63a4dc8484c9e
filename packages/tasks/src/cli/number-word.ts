// How a number is written on dk's command line, in the environment and in the config: the one rule, so a word the
// parser takes for a negative number (`--offset -5`, not a flag) is one the flag then reads as a number.
const NUMBER = /^[+-]?(?:0x[\da-f]+|0o[0-7]+|0b[01]+|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)$/i;

/** What a number looks like, for messages. */
export const NUMBER_EXAMPLES = "as 42, -1.5, .5, 1e3 or 0x1f";

/**
 * The largest number a flag takes: past 2^53 − 1 a double no longer holds every whole number (2^53 + 1 reads as 2^53,
 * 1e20 + 1 as 1e20), so a count, a port or a timeout would silently be another than the one written.
 */
export const LARGEST = Number.MAX_SAFE_INTEGER;

/** Why `text` is no number for the flag `name`: what a number may look like, or that it is out of range. */
export function notANumber(name: string, text: string): string {
  const range = `within ±${LARGEST} (2^53 - 1: past it, whole numbers are not held exactly)`;
  if (NUMBER.test(text)) return `--${name} expects a number ${range}, got "${text}"`;
  return `--${name} expects a number (${NUMBER_EXAMPLES}), got "${text}"`;
}

/**
 * The number `text` writes: an optional sign, then digits with an optional point and exponent, or 0x, 0o, 0b digits
 * (the sign too: `-0x10`). Undefined for anything else (spaces, `1_000`, `Infinity`, `NaN`) and past ±LARGEST.
 */
export function parseNumber(text: string): number | undefined {
  if (!NUMBER.test(text)) return undefined;
  const value = Number(text.replace(/^[+-]/, "")) * (text.startsWith("-") ? -1 : 1);
  return Math.abs(value) <= LARGEST ? value : undefined;
}

/** Whether `word` is a number with a minus sign (`-5`, `-.5e3`), or a list of numbers (`-.5,-.25`): a value. */
export function isNegativeNumber(word: string): boolean {
  return word.startsWith("-") && word.split(",").every((item) => NUMBER.test(item));
}
