/**
 * A task's one-line summary for `dk --list` and completion: the first paragraph of its doc, its lines joined, so that
 * a sentence the source wrapped shows whole rather than cut at the end of its first line. Pure.
 */
export function taskSummary(help: string): string {
  const paragraph = help.trim().split(/\n[ \t]*\n/)[0] ?? "";
  return paragraph
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join(" ");
}
