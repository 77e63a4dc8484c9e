// The work of this process under way, each entry a tag: a command (`run`, `host.run`, `host.runLocal`, a transfer)
// from its call until it settles, whatever it waits for first (a connection, a file to read), a host's part of a
// group call, and the close of a host's connection. One registry, since dk and every tasks module share one core.
const entries = new Map<symbol, string>();
const waiters: (() => void)[] = [];

/** Counts `work` as under way on `tag` until it settles; returns a promise that settles as it does, just after. */
export function inFlightAs<T>(tag: string, work: Promise<T>): Promise<T> {
  const leave = enter(tag);
  return work.finally(leave);
}

/** Counts something as under way on `tag` until the returned function is called (once is enough; more do nothing). */
export function enter(tag: string): () => void {
  const key = Symbol(tag);
  entries.set(key, tag);
  return () => {
    if (!entries.delete(key) || entries.size > 0) return;
    for (const wake of waiters.splice(0)) wake();
  };
}

/**
 * The tags (host names, `localhost`) that have commands, parts of group calls or connections closing under way, each
 * once, in the order they started: what a task runner names when a task returns while work it started still runs (a
 * missing await).
 */
export function inFlight(): string[] {
  return [...new Set(entries.values())];
}

/** Settles once nothing is under way (at once when nothing is). */
export function noneInFlight(): Promise<void> {
  return entries.size === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
}
