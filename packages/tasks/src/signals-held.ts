// The signals that end dk at once when nothing of dk's listens to them (while tasks.ts is read, as dk exits).
const ENDING = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Runs `work`, which is synchronous, so that an ending signal no one listens to cannot stop it halfway (a temporary
 * file written, not yet renamed): a listener holds such a signal until `work` is done, then raises it again, which
 * ends dk as the signal would have. Where dk listens already (a task's Ctrl-C handling), that listener gets it.
 */
export function withSignalsHeld<T>(work: () => T): T {
  const held = ENDING.filter((signal) => process.listenerCount(signal) === 0);
  const release = (signal?: NodeJS.Signals) => {
    for (const each of held) process.off(each, release);
    // A listener added meanwhile got this signal too, and handles it.
    if (signal !== undefined && process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  for (const signal of held) process.on(signal, release);
  try {
    return work();
  } finally {
    // A signal that came during `work` reaches `release` at a later poll of the event loop: a full turn passes first.
    setImmediate(() => setImmediate(() => release()));
  }
}
