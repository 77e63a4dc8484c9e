// When each host's connection was last closed by this process (host.closeConnection()), by its output tag.
const closes = new Map<string, number>();

/** Notes that `tag`'s connection is being closed by this process now. */
export function closingHere(tag: string): void {
  closes.set(tag, performance.now());
}

/** Whether `tag`'s connection was closed by this process during the last `durationMs` (a run's whole time). */
export function closedHereWithin(tag: string | undefined, durationMs: number): boolean {
  const at = tag === undefined ? undefined : closes.get(tag);
  // Durations are rounded to whole milliseconds.
  return at !== undefined && at >= performance.now() - durationMs - 1;
}
