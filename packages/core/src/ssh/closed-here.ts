import type { Invocation } from "../run/invocation.ts";

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

/**
 * Whether this process closed the connection `inv` ran over since `since` (performance.now()): a client of core's
 * master, or a pooled native connection (not a connection a run has to itself, which it leaves alone).
 */
export function cutHere(inv: Pick<Invocation, "host" | "ssh" | "open">, since: number): boolean {
  const cuttable = inv.ssh !== undefined && (inv.ssh.shared || inv.open !== undefined);
  return cuttable && closedHereWithin(inv.host, performance.now() - since);
}
