import type { Opener } from "./child.ts";
import type { StdinSource } from "./stdio.ts";
import type { LeadingLines } from "../output/skip-leading.ts";

/** One process to start: a local command, or the `ssh` client for a remote one. */
export type Invocation = {
  readonly file: string;
  readonly args: readonly string[];
  /** The command as the user wrote it, for echo, errors and results. */
  readonly display: string;
  /** What the "still waiting" notice calls the command, where `display` is a long command line (a transfer's rsync). */
  readonly named?: string | undefined;
  /** `file` is the command's own program (an argv command): that it cannot run is the command's failure (127, 126). */
  readonly program?: boolean | undefined;
  /** The output tag. */
  readonly tag: string;
  /** Set for host-bound runs: named in errors. */
  readonly host?: string | undefined;
  /** A line written to the process's stdin first (the sudo password): never echoed or logged. */
  readonly stdinLine?: string;
  /** What the command reads after `stdinLine`: this process's stdin, or input. @default nothing */
  readonly stdin?: StdinSource | undefined;
  /**
   * For ssh runs: where to, for hints in error messages, and whether over a shared connection (as a master's client).
   */
  readonly ssh?:
    { readonly hostname: string; readonly port?: number | undefined; readonly shared: boolean } | undefined;
  /** stderr's first lines that match are dropped, neither shown nor kept: ssh's notices before the command starts. */
  readonly skipLeading?: LeadingLines | undefined;
  /** For ssh runs: the working directory the command runs in on the host (named should it be missing). */
  readonly cwd?: string | undefined;
  /** For ssh runs: the run's exit mark (see `exitMark`), with which the remote side reports the exit status. */
  readonly exitMark?: string | undefined;
  /** Starts the command instead of spawning `file`: the native transport's channel (`args` then only describe it). */
  readonly open?: Opener | undefined;
  /**
   * Waits for what the command needs first (a shared connection another run is opening), within the run's deadline
   * and stop; resolves to what to call once the run is over.
   */
  readonly ready?: ((signal: AbortSignal) => Promise<() => void>) | undefined;
  /**
   * For ssh runs: finds how to reach the host (the transport, ssh's options), within the run's deadline and stop; what
   * it gives completes the invocation. Its error is the run's, as thrown.
   */
  readonly prepare?: (() => Promise<Prepared>) | undefined;
};

/** What an ssh run's `prepare` finds: how its command reaches the host. */
export type Prepared = Pick<Invocation, "args" | "ssh" | "open" | "ready" | "skipLeading">;
