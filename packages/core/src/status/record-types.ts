import type { CutShort } from "./summary-count.ts";
import type { Printer, RunEnd } from "../output/printer.ts";

/** What happened on one host (one output tag) during a run, as a `Recorder` saw it. */
export type HostRecord = {
  readonly host: string;
  /**
   * False when the host failed: its part of a group call (its command or function) threw, else its last command
   * failed with an error (a non-zero exit under `check: false` is ok).
   */
  readonly ok: boolean;
  /** The last command's exit code; null when no command finished, or one still runs (cut short). */
  readonly exitCode: number | null;
  /**
   * Wall time the host was busy: running commands (parallel ones count once) or, in a group call, its function; what
   * still runs counts until now.
   */
  readonly durationMs: number;
  /**
   * Why it failed, when it did: `interrupted` for a command or a group call's part (its function) cut short, `not
   * started` for a host never reached.
   */
  readonly error: string | null;
  /**
   * Why a host that is not ok did not fail of itself: `stopped` when a stop (Ctrl-C, an abort) cut it or what it ran
   * short, `not started` when the run ended before its turn; null for a host that failed, or is ok.
   */
  readonly halted?: CutShort | null | undefined;
  readonly commands: number;
  /** True when every command under this tag was a plain local `run()`, not bound to a host. */
  readonly local: boolean;
  /** The last lines of output per stream (notices count as stderr); `truncated` when older lines were dropped. */
  readonly output: { readonly stdout: string[]; readonly stderr: string[]; readonly truncated: boolean };
  /** The last few lines of both streams and notices, in the order they came: what to show for a failed host. */
  readonly tail: string[];
};

/** A printer that passes everything on to another and keeps, per host, the outcome and the last lines of output. */
export type Recorder = Printer & {
  /** Passed on to the wrapped printer when it has it (a status view's waiting hosts). */
  plan(tags: readonly string[]): void;
  start(tag: string, command: string, host?: string): void;
  end(tag: string, end: RunEnd): void;
  begin(tag: string): void;
  settled(tag: string, error?: string, stopped?: boolean): void;
  /**
   * Every host that ran a command or took part in a group call, in the order the task called its first command (its
   * echo) or planned it, whichever came first, never the order commands happened to start or end in; a host's group
   * call outcome (its function returned or threw) decides whether it is ok.
   */
  hosts(): HostRecord[];
  /** Hosts whose per-host summary a library function already printed. */
  summarizedHosts(): ReadonlySet<string>;
};
