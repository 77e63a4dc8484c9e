/** A whole number written in a JSON text that JSON.parse does not keep: where it is, and its digits as written. */
export type InexactNumber = { readonly path: readonly (string | number)[]; readonly literal: string };

// One JSON token after optional whitespace: a string, a number, punctuation, or a literal name.
const TOKEN = /\s*(?:("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([{}[\],:])|(?:true|false|null))/y;

/**
 * The whole numbers of a valid JSON text that its parse changes: past 2^53 a double rounds them (9007199254740993
 * reads as …992), past ~1.8e308 it makes them Infinity. A number with a fraction is read as the command line reads
 * one and is left alone. A key given twice keeps its last value, as JSON.parse does.
 */
export function inexactNumbers(text: string): InexactNumber[] {
  let found: InexactNumber[] = [];
  const stack: { readonly array: boolean; at: string | number }[] = [];
  let keyNext = false;
  TOKEN.lastIndex = 0;
  // Bounded by the text: every match moves lastIndex past at least one character, and valid JSON is all tokens.
  for (let match = TOKEN.exec(text); match !== null && match[0] !== ""; match = TOKEN.exec(text)) {
    const [, string, number, mark] = match;
    const top = stack.at(-1);
    if (mark === "{" || mark === "[") {
      stack.push({ array: mark === "[", at: mark === "[" ? 0 : "" });
      keyNext = mark === "{";
    } else if (mark === "}" || mark === "]") stack.pop();
    else if (mark === ",") {
      if (top?.array === true) top.at = (top.at as number) + 1;
      else keyNext = true;
    } else if (string !== undefined && keyNext && top !== undefined) {
      top.at = JSON.parse(string) as string;
      keyNext = false;
      const path = stack.map((frame) => frame.at);
      found = found.filter((number) => !startsWith(number.path, path));
    } else if (number !== undefined && inexact(number)) {
      found.push({ path: stack.map((frame) => frame.at), literal: number });
    }
  }
  return found;
}

/** Whether `path` begins with every segment of `prefix`. */
export function startsWith(path: readonly (string | number)[], prefix: readonly (string | number)[]): boolean {
  return prefix.every((segment, index) => path[index] === segment);
}

/** Why a rounded number is refused, and what to write instead: the read value is not the one written. */
export function roundedText(literal: string): string {
  return (
    `${literal} is past what a JSON number holds exactly (it reads as ${Number(literal)}); ` +
    `write it as a string, "${literal}"`
  );
}

function inexact(literal: string): boolean {
  const value = Number(literal);
  if (!Number.isFinite(value)) return true;
  const [, whole = "", fraction = "", exponent = "0"] = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(literal) ?? [];
  const written = (whole + fraction).replace(/^0+/, "");
  const digits = written.replace(/0+$/, "");
  // Zero is held exactly, however written; a finite whole number has at most 309 digits, so the power stays small.
  if (digits === "") return false;
  const scale = Number(exponent) - fraction.length + (written.length - digits.length);
  if (scale < 0) return false;
  return BigInt(digits) * 10n ** BigInt(scale) !== BigInt(Math.abs(value));
}
