import type { Io } from "./types.ts";

const CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type Stoppable = keyof typeof CODES;

/**
 * Resolves with 130 (SIGINT) or 143 (SIGTERM) and names the hosts still running; while listening, Node's
 * default exit is off. A second signal exits at once. Core stops every child and remote command as dk exits.
 */
export function whenInterrupted(
  io: Io,
  running: () => readonly string[],
): { promise: Promise<number>; dispose: () => void } {
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
        const hosts = running();
        io.stderr.write(
          `dk: interrupted (${signal})${hosts.length > 0 ? `; stopping the commands on ${hosts.join(", ")}` : ""}\n`,
        );
        resolve(signalled);
      };
      listeners.set(signal, listener);
      process.on(signal, listener);
    }
  });
  return { promise, dispose: () => listeners.forEach((listener, signal) => process.off(signal, listener)) };
}
