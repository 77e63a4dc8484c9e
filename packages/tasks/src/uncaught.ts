/** An error the task let go: thrown where no caller could catch it (a timer), or a rejection nobody handled. */
export type Uncaught = { readonly error: unknown; readonly kind: "uncaught exception" | "unhandled rejection" };

/**
 * Calls `onError` with each error the task lets go, so dk reports them as a task that threw (one line each, the
 * user's frame) instead of Node's crash dump. A task with handlers of its own for these events keeps them to itself.
 * Returns the function that stops listening.
 */
export function whenUncaught(onError: (uncaught: Uncaught) => void): () => void {
  const handle = (event: "uncaughtException" | "unhandledRejection", kind: Uncaught["kind"]) => {
    const listener = (error: unknown) => {
      // Another listener means the task decided what these errors do; with none, Node would have crashed.
      if (process.listenerCount(event) === 1) onError({ error, kind });
    };
    process.on(event, listener);
    return () => process.off(event, listener);
  };
  const offs = [handle("uncaughtException", "uncaught exception"), handle("unhandledRejection", "unhandled rejection")];
  return () => offs.forEach((off) => off());
}
