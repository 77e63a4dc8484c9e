/**
 * `promise`'s value, or undefined as soon as `signal` aborts (at once if it already has): for waits a stop must end.
 * The promise itself goes on; a rejection after the abort is left to its other holders.
 */
export function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const stop = () => resolve(undefined);
    signal.addEventListener("abort", stop, { once: true });
    const done = () => signal.removeEventListener("abort", stop);
    promise.then(
      (value) => (done(), resolve(value)),
      (error: unknown) => (done(), reject(error)),
    );
  });
}

/** The reason a caller gave `signal`'s abort, as an error's options (not the AbortError every plain abort() has). */
export function abortCause(signal: AbortSignal | undefined): { readonly cause: unknown } | undefined {
  const reason: unknown = signal?.reason;
  const plain = reason instanceof DOMException && reason.name === "AbortError";
  return signal?.aborted && !plain ? { cause: reason } : undefined;
}

type Listeners = { readonly each: Set<() => void>; readonly fire: () => void };
const shared = new WeakMap<AbortSignal, Listeners>();

/**
 * Calls `listener` once `signal` aborts (not if it already has); returns how to stop listening. Runs that share a
 * signal (every host of a group call) add one listener to it between them: Node warns of a leak past ten.
 */
export function onAbort(signal: AbortSignal, listener: () => void): () => void {
  let entry = shared.get(signal);
  if (entry === undefined) {
    const each = new Set<() => void>();
    const fire = () => (shared.delete(signal), [...each].forEach((call) => call()));
    signal.addEventListener("abort", fire, { once: true });
    shared.set(signal, (entry = { each, fire }));
  }
  const { each, fire } = entry;
  each.add(listener);
  return () => {
    // The last one to go takes the signal's listener with it.
    if (!each.delete(listener) || each.size > 0 || shared.get(signal) !== entry) return;
    shared.delete(signal);
    signal.removeEventListener("abort", fire);
  };
}
