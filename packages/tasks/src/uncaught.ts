/** An error the task let go: thrown where no caller could catch it (a timer), or a rejection nobody handled. */
export type Uncaught = { readonly error: unknown; readonly kind: "uncaught exception" | "unhandled rejection" };

/**
 * Resolves with the first error the task lets go, so dk reports it as a task that threw (one line, the user's
 * frame) instead of Node's crash dump. A task with handlers of its own for these events keeps them to itself.
 */
export function whenUncaught(): { promise: Promise<Uncaught>; dispose: () => void } {
  let dispose = () => {};
  const promise = new Promise<Uncaught>((resolve) => {
    const handle = (event: "uncaughtException" | "unhandledRejection", kind: Uncaught["kind"]) => {
      const listener = (error: unknown) => {
        // Another listener means the task decided what these errors do; with none, Node would have crashed.
        if (process.listenerCount(event) === 1) resolve({ error, kind });
      };
      process.on(event, listener);
      return () => process.off(event, listener);
    };
    const offs = [
      handle("uncaughtException", "uncaught exception"),
      handle("unhandledRejection", "unhandled rejection"),
    ];
    dispose = () => offs.forEach((off) => off());
  });
  return { promise, dispose };
}
