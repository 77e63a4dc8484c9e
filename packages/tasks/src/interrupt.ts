import type { Io } from "./types.ts";

const CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type Stoppable = keyof typeof CODES;

/**
 * Resolves with 130 (SIGINT) or 143 (SIGTERM) and names the hosts still running; while listening, Node's
 * default exit is off. `first` runs at the first signal (dk stops its live view there, so a task's question is
 * readable), and the promise waits until `held` settles (no task holds the exit: core's holdExit). A second signal
 * exits at once. Core stops every child and remote command as dk exits.
 */
export function whenInterrupted(
  io: Io,
  running: () => readonly string[],
  first: () => void,
  held: () => Promise<void>,
): { promise: Promise<number>; signalled: () => boolean; dispose: () => void } {
  const listeners = new Map<Stoppable, () => void>();
  let signalled: number | undefined;
  const promise = new Promise<number>((resolve) => {
    for (const signal of Object.keys(CODES) as Stoppable[]) {
      const listener = () => {
        if (signalled !== undefined) {
          io.stderr.write(`dk: ${signal} again: stopping now\n`);
          process.exit(signalled);
        }
        signalled = CODES[signal];
        first();
        const hosts = running();
        io.stderr.write(
          `dk: interrupted (${signal})${hosts.length > 0 ? `; stopping the commands on ${hosts.join(", ")}` : ""}\n`,
        );
        const code = signalled;
        resolve(held().then(() => code));
      };
      listeners.set(signal, listener);
      process.on(signal, listener);
    }
  });
  return {
    promise,
    signalled: () => signalled !== undefined,
    dispose: () => listeners.forEach((listener, signal) => process.off(signal, listener)),
  };
}
