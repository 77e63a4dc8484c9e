import type { UsageError } from "../errors.ts";
import { wrapUsage, wrapWords } from "./wrap.ts";

// Where a message's continuation lines start: under its text, past "dk: ".
const HANG = "dk: ".length;
const LABEL = "Usage: ";

/**
 * A usage error as dk prints it on stderr: `dk: message`, the usage, and where to read more. With a width (a
 * terminal's), every line fits in it: the message continues under its text, the usage under its first flag; without
 * one (a pipe, a file, a script) each line is whole.
 */
export function usageErrorText(error: UsageError, width: number | undefined): string {
  const more = `(more: ${error.helpCommand})`;
  if (width === undefined) return `dk: ${error.message}\n${LABEL}${error.usage}  ${more}\n`;
  const message = dkMessage(error.message, width);
  const usage = wrapUsage(LABEL, error.usage, width);
  const last = usage.slice(usage.lastIndexOf("\n") + 1);
  if (last.length + 2 + more.length <= width) return `${message}\n${usage}  ${more}\n`;
  // On a line of its own: under the usage's text, or further left when that leaves it too little room.
  const indent = LABEL.length + more.length <= width ? LABEL.length : HANG;
  return `${message}\n${usage}\n${" ".repeat(indent)}${wrapWords(more.split(" "), width, indent)}\n`;
}

/**
 * `dk: message` on stderr: with a width (a terminal's), each line of `message` is wrapped to it and continues under its
 * text, past "dk: "; without one, as it is. No newline at the end.
 */
export function dkMessage(message: string, width: number | undefined): string {
  if (width === undefined) return `dk: ${message}`;
  return message
    .split("\n")
    .map((line, index) => `${index === 0 ? "dk: " : " ".repeat(HANG)}${wrapWords(line.split(/ +/), width, HANG)}`)
    .join("\n");
}
