/**
 * A task's one-line summary for `dk --list` and completion: the first paragraph of its doc, its lines joined, so that
 * a sentence the source wrapped shows whole rather than cut at the end of its first line. Pure.
 */
export function taskSummary(help: string): string {
  // Its lines joined as a flag's help is in `dk TASK --help` (describeFlag).
  return (help.trim().split(/\n[ \t]*\n/)[0] ?? "").replace(/\s*\n\s*/g, " ").trim();
}
