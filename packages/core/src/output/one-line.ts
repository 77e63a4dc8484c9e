/** How much of a command a notice names (failed, still waiting): a reminder, not a record. */
export const NOTICE_WIDTH = 200;

/**
 * A command as a notice, an error's reason or the live view names it: its first line that is not blank, trimmed (a
 * script in a template literal starts with a newline), then ` …` when more lines follow; at most `max` characters
 * (then `…`), so that it stays one short line.
 */
export function oneLine(command: string, max = Infinity): string {
  const lines = command.split("\n").map((line) => line.trim());
  const at = lines.findIndex((line) => line !== "");
  if (at === -1) return "";
  const first = lines[at]!;
  if (first.length > max) return clip(first, max);
  return lines.slice(at + 1).some((line) => line !== "") ? `${first} …` : first;
}

/** `text` cut to at most `max` characters, then `…`; never between the two halves of a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text[max - 1] ?? "") ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}
