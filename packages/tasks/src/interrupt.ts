import { onReaderGone, READER_GONE } from "./reader-gone.ts";
import type { Io } from "./types.ts";

const CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type Stoppable = keyof typeof CODES;

/**
 * Resolves with 130 (SIGINT), 143 (SIGTERM) or, with `readers`, once the reader of dk's stdout or stderr has gone
 * (EPIPE), 141, and names the hosts still running; while listening, Node's default exit is off. `first` runs at the
 * first of them (dk stops its live view there, so a task's question is readable), and the promise waits until
 * `settle` does (the commands running then have stopped, no task holds the exit, and the task's clean-up has run: see
 * afterInterrupt). A second signal exits at once. Core stops every child and remote command still running as dk exits.
 */
export function whenInterrupted(
  io: Io,
  running: () => readonly string[],
  first: (code: number) => void,
  settle: (code: number) => Promise<void>,
  readers: boolean,
): { promise: Promise<number>; signalled: () => boolean; dispose: () => void } {
  const listeners = new Map<Stoppable, () => void>();
  let signalled: number | undefined;
  let unwatch = () => {};
  const promise = new Promise<number>((resolve) => {
    const stop = (code: number, why: string) => {
      signalled = code;
      first(code);
      const hosts = running();
      io.stderr.write(`dk: ${why}${hosts.length > 0 ? `; stopping the commands on ${hosts.join(", ")}` : ""}\n`);
      resolve(settle(code).then(() => code));
    };
    for (const signal of Object.keys(CODES) as Stoppable[]) {
      const listener = () => {
        if (signalled === undefined) return stop(CODES[signal], `interrupted (${signal})`);
        io.stderr.write(`dk: ${signal} again: stopping now\n`);
        process.exit(signalled);
      };
      listeners.set(signal, listener);
      process.on(signal, listener);
    }
    // Only the first: every later write to the gone reader fails the same way.
    const gone = () => {
      if (signalled === undefined) stop(READER_GONE, "the reader of its output went away");
    };
    if (readers) unwatch = onReaderGone(gone);
  });
  return {
    promise,
    signalled: () => signalled !== undefined,
    dispose: () => {
      listeners.forEach((listener, signal) => process.off(signal, listener));
      unwatch();
    },
  };
}
