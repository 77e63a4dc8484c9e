const holds = new Set<Promise<void>>();

/**
 * Keeps dk from exiting after Ctrl-C until the returned function is called: for a task that, once interrupted, still
 * has work to finish on its hosts (deploy-nixos stopping its activations). Outside dk nothing waits for it.
 */
export function holdExit(): () => void {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  holds.add(held);
  return () => {
    holds.delete(held);
    release();
  };
}

/** Whether a task holds the exit now: it handles Ctrl-C itself, and what it still runs is its own to stop. */
export function exitHeld(): boolean {
  return holds.size > 0;
}

/**
 * Settles once nothing holds the exit (what dk waits for after Ctrl-C). It first lets the signal's other listeners
 * run, since those take their holds while the same signal is being handled.
 */
export async function exitHolds(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  while (holds.size > 0) await Promise.all(holds);
}
