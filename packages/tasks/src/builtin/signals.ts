import { holdExit } from "@deploykit/core";

// SIGTERM is how a CI job is cancelled and a service stopped: it ends a built-in's work as Ctrl-C does.
const SIGNALS = ["SIGINT", "SIGTERM"] as const;
export type Interrupt = (typeof SIGNALS)[number];

/** A built-in's view of Ctrl-C and SIGTERM while it works on its hosts. */
export type SignalWatch = {
  /** Aborted at the first of them, with "Ctrl-C" or "SIGTERM" as its reason. */
  readonly signal: AbortSignal;
  /**
   * The work is over, every host summed up: dk may exit. Used alone (a plain script), the process then ends as the
   * signal would end it and this never settles; otherwise (dk, or the script's own listener) it returns.
   */
  end(): Promise<void>;
};

/**
 * Listens for Ctrl-C and SIGTERM until `end()`. The first aborts `signal`, holds dk's exit (core's holdExit) until
 * `end()`, and calls `onFirst`; a second one in a plain script ends the process at once, as Node would.
 */
export function watchSignals(onFirst: (signal: Interrupt) => void = () => {}): SignalWatch {
  const controller = new AbortController();
  let first: Interrupt | undefined;
  let release: (() => void) | undefined;
  // Only this listener for `signal`: a plain script, which Node would end on it.
  const alone = (signal: Interrupt) => process.listenerCount(signal) === 1;
  const listener = (signal: Interrupt) => {
    if (first !== undefined) {
      // dk has its own listener, which exits at a second signal.
      if (alone(signal)) raise(signal);
      return;
    }
    first = signal;
    release = holdExit();
    controller.abort(signal === "SIGINT" ? "Ctrl-C" : signal);
    onFirst(signal);
  };
  const listeners = SIGNALS.map((signal) => [signal, () => listener(signal)] as const);
  const off = () => listeners.forEach(([signal, on]) => process.off(signal, on));
  const raise = (signal: Interrupt) => {
    off();
    process.kill(process.pid, signal);
  };
  listeners.forEach(([signal, on]) => process.on(signal, on));
  return {
    signal: controller.signal,
    end() {
      const ends = first !== undefined && alone(first);
      off();
      release?.();
      if (first === undefined || !ends) return Promise.resolve();
      raise(first);
      return new Promise<void>(() => {});
    },
  };
}
