type Holds = Set<Promise<void>>;

// On globalThis: dk's bundle and each compiled tasks module (the built-ins' too) carry their own copy of this file.
const KEY = Symbol.for("@deploykit/tasks:exit-holds");

function holds(): Holds {
  const global = globalThis as { [KEY]?: Holds };
  global[KEY] ??= new Set();
  return global[KEY];
}

/**
 * Keeps dk from exiting on Ctrl-C until the returned function is called: for a task that, once interrupted, still has
 * work to finish on its hosts (deploy-nixos stopping its activations). Nothing waits for it outside dk.
 */
export function holdExit(): () => void {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  holds().add(held);
  return () => {
    holds().delete(held);
    release();
  };
}

/**
 * Settles once nothing holds the exit. It first lets the signal's other listeners run, since those take their holds
 * while the same signal is being handled.
 */
export async function exitHolds(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  while (holds().size > 0) await Promise.all(holds());
}
