import type { Readable, Writable } from "node:stream";

/**
 * What `execute` needs of a running command: a local process (Node's ChildProcess is one), or an SSH channel of the
 * native transport. Without a pid, `kill` is how the stop sequence ends it.
 */
export type RunningChild = {
  readonly pid?: number | undefined;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  /** The host reported how the command ended (an SSH channel's exit status or signal), where ssh's 255 is a guess. */
  readonly exitReported?: boolean;
  kill(signal?: NodeJS.Signals): boolean;
  once(event: "exit", listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
};

/**
 * Starts a command some other way than spawning it; settles once it runs (a failed connection runs and exits 255), or
 * with SPAWN_INSTEAD when it found, before sending anything, that the command is to be spawned after all (a host
 * that is ssh's). Once `signal` aborts (a timeout or a stop came first), it stops waiting (for a connection, for a
 * session slot) and throws, sending nothing: execute fails the run as stopped before it started (143 or 130); a command
 * already sent is the caller's to stop.
 */
export type Opener = (
  signal: AbortSignal,
) => Promise<{ readonly child: RunningChild; readonly release: () => void } | typeof SPAWN_INSTEAD>;

/** What an Opener settles with to have the command's `file` spawned with its `args` after all (see execute). */
export const SPAWN_INSTEAD = "spawn instead";
