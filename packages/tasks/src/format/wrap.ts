import type { Io } from "../types.ts";

/**
 * How wide dk's help and listing may be: the terminal's width when stdout is one; undefined otherwise, and then lines
 * are never broken (a pipe, a file or a script gets them whole).
 */
export function terminalColumns(stdout: Io["stdout"]): number | undefined {
  const terminal = stdout as { isTTY?: boolean; columns?: number };
  return terminal.isTTY && terminal.columns !== undefined && terminal.columns > 0 ? terminal.columns : undefined;
}

// Too few columns to read text in: below this, wrapped text starts further left, under its heading.
export const NARROWEST = 24;

/**
 * `words` laid out in lines of at most `width` columns, the first starting after `first` columns already written,
 * the others at `indent` spaces; a word wider than a line stays whole. Without a width, one line.
 */
export function wrapWords(words: readonly string[], width: number | undefined, indent: number, first = indent): string {
  if (width === undefined) return words.join(" ");
  const lines: string[] = [];
  let line = "";
  let used = first;
  for (const word of words) {
    // Past what came before it on the first line too (`Usage: dk deploy `): the word then starts the next line.
    if ((line !== "" || used > indent) && used + (line === "" ? 0 : 1) + word.length > width) {
      lines.push(line);
      line = "";
      used = indent;
    }
    used += (line === "" ? 0 : 1) + word.length;
    line = line === "" ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join(`\n${" ".repeat(indent)}`);
}

/** Prose wrapped to `width`: each line of `text` broken at spaces, its continuation indented as it is. */
export function wrapText(text: string, width: number | undefined): string {
  if (width === undefined) return text;
  return text
    .split("\n")
    .map((line) => {
      const indent = line.length - line.trimStart().length;
      return `${line.slice(0, indent)}${wrapWords(line.trim().split(/ +/), width, indent)}`;
    })
    .join("\n");
}

/**
 * The words of a usage line (`dk deploy --hosts <string> [--[no-]wait]`): split at the spaces outside brackets, so a
 * flag and its value hint stay on one line.
 */
export function usageWords(line: string): string[] {
  const words: string[] = [];
  let depth = 0;
  let word = "";
  for (const char of line) {
    if (char === "[" || char === "<") depth++;
    if ((char === "]" || char === ">") && depth > 0) depth--;
    if (char === " " && depth === 0) {
      if (word !== "") words.push(word);
      word = "";
    } else if (char === "<" && depth === 1 && word === "" && words.length > 0) {
      // A required flag's value hint goes with its flag: `--hosts <string>`.
      word = `${words.pop()!} <`;
    } else {
      word += char;
    }
  }
  if (word !== "") words.push(word);
  return words;
}

/** `Usage: dk deploy …` wrapped to `width`, each continuation under the first flag (further left when narrow). */
export function wrapUsage(label: string, line: string, width: number | undefined): string {
  // A group wider than any line (a flag with long choices) breaks at its own spaces.
  const words = usageWords(line).flatMap((word) =>
    width !== undefined && word.length > width - 4 ? word.split(" ") : [word],
  );
  // `dk` and the task's name, before the first flag or operand.
  const named = Math.max(
    1,
    words.findIndex((word) => /^[-[<]/.test(word)),
  );
  const head = `${label}${words.slice(0, named).join(" ")} `;
  const widest = Math.max(0, ...words.slice(named).map((word) => word.length));
  const narrow = width !== undefined && width - head.length < Math.max(NARROWEST, widest);
  const indent = narrow ? 4 : head.length;
  const text = `${head}${wrapWords(words.slice(named), width, indent, head.length)}`;
  return text
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n");
}
