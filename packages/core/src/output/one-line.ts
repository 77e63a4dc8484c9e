/**
 * A command as a notice names it: one line (its first, then `…`, for a command of many), and at most `max` characters
 * (then `…`), so that the notice stays one tagged line.
 */
export function oneLine(command: string, max = Infinity): string {
  const [first = "", ...more] = command.split("\n");
  if (first.length > max) return `${first.slice(0, max)}…`;
  return more.length === 0 ? first : `${first} …`;
}
