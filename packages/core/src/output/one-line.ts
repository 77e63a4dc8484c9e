import { visible } from "./printer.ts";

/** How much of a command a notice names (failed, still waiting): a reminder, not a record. */
export const NOTICE_WIDTH = 200;

/**
 * A command as a notice, an error's reason or the live view names it: its first line that is not blank, trimmed (a
 * script in a template literal starts with a newline), then ` …` when more lines follow; at most `max` characters
 * (then `…`), so that it stays one short line.
 */
export function oneLine(command: string, max = Infinity): string {
  const lines = wordLines(command);
  const first = lines[0];
  if (first === undefined) return "";
  if (first.length > max) return clip(first, max);
  return lines.length > 1 ? `${first} …` : first;
}

/**
 * A message (an error's, a nested group's) in one line that keeps all it says, unlike a command, which is named by
 * its first line: its lines that are not blank, trimmed, joined by `; `, or by a space after a line ending in `:`.
 */
export function joinedLines(message: string): string {
  // A lone `\r` ends a line too: on a terminal the rest would overwrite the host's name before it.
  return wordLines(message, /\r\n?|\n/).reduce(
    (all, line) => (all === "" ? line : `${all}${all.endsWith(":") ? " " : "; "}${line}`),
    "",
  );
}

// The lines of `text` that say something, trimmed.
function wordLines(text: string, breaks: string | RegExp = "\n"): string[] {
  return text
    .split(breaks)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** `text` cut to at most `max` characters, then `…`; never between the two halves of a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text[max - 1] ?? "") ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}

/**
 * A line of output kept within `max` characters: whole when it fits; else what a terminal shows of it (a progress bar
 * that `\r` redraws, at its last state), cut.
 */
export function clipLine(text: string, max: number): string {
  return text.length <= max ? text : clip(visible(text), max);
}

/** How much of one host's reason a summary shows (a table row, a line of a GroupError): the error keeps all of it. */
export const REASON_WIDTH = 1000;

/** A reason cut to `max` characters, saying how many more there were and, when given, `where` they are. */
export function cutReason(reason: string, max = REASON_WIDTH, where?: string): string {
  if (reason.length <= max) return reason;
  const kept = clip(reason, max).slice(0, -1);
  return `${kept}… (${reason.length - kept.length} more characters${where === undefined ? "" : `, ${where}`})`;
}

/**
 * Names in a short line: all of up to `shown` + 1 (the last costs what its count would), else the first `shown`, how
 * many more, and `where` they are.
 */
export function hostList(names: readonly string[], shown = 3, where = ""): string {
  if (names.length <= shown + 1) return names.join(", ");
  return `${names.slice(0, shown).join(", ")} and ${names.length - shown} more${where}`;
}
