import type { CutShort } from "@deploykit/core";
import type { PhaseTimes, RebootPhase } from "./types.ts";

/** What a `RebootError` carries. */
export type RebootFailure = {
  /** The host's tag; undefined when the failure concerns no single host. */
  readonly host?: string | undefined;
  /** The phase the host was in when it failed. */
  readonly phase: RebootPhase;
  /** Why, in one line, ending with what to do next. */
  readonly reason: string;
  readonly elapsedMs?: number | undefined;
  readonly times?: PhaseTimes | undefined;
  /** Whether the reboot command had been sent: false means the host was left as it was. */
  readonly rebootSent?: boolean | undefined;
  /** An interruption cut the session that sent it short: whether it got there is unknown (`rebootSent` is true). */
  readonly sendCut?: boolean | undefined;
  /** Failed by Ctrl-C (an abort), not by the host: while under way, or before its turn. */
  readonly halted?: CutShort | undefined;
  readonly cause?: unknown;
};

/** A host did not reboot and come back (or this machine cannot watch it); `reason` says why and what to do. */
export class RebootError extends Error {
  override readonly name = "RebootError";
  readonly host: string | undefined;
  readonly phase: RebootPhase;
  /** One line without the host, as `GroupError` lists it. */
  readonly reason: string;
  readonly elapsedMs: number;
  readonly times: PhaseTimes | undefined;
  readonly rebootSent: boolean;
  /**
   * An interruption cut the session that sent the reboot short: it may or may not have got there. `rebootSent` is then
   * true, so that nobody takes the host for untouched.
   */
  readonly sendCut: boolean;
  /** Failed by Ctrl-C (an abort), not by the host: under way, or before its turn (summaries count these apart). */
  readonly halted: CutShort | undefined;

  constructor(failure: RebootFailure) {
    super(failure.host === undefined ? failure.reason : `[${failure.host}] ${failure.reason}`, {
      cause: failure.cause,
    });
    this.host = failure.host;
    this.phase = failure.phase;
    this.reason = failure.reason;
    this.elapsedMs = failure.elapsedMs ?? 0;
    this.times = failure.times;
    this.rebootSent = failure.rebootSent ?? false;
    this.sendCut = failure.sendCut ?? false;
    this.halted = failure.halted;
  }
}
