import { CommandError } from "../errors.ts";
import { TransferError } from "./transfer-error.ts";

/**
 * One deadline for a transfer of several steps (a listing or a stage first): `left()` is what remains of `timeout`
 * for the next step, and a step that ran out is the whole transfer timing out, said with the whole `timeout`.
 */
export function deadline(timeout: number | undefined, direction: "upload" | "download", tag: string) {
  const started = performance.now();
  return {
    left: (): number | undefined =>
      timeout === undefined ? undefined : Math.max(1, Math.ceil(timeout - (performance.now() - started))),
    /** Whether `timeout` has run out. */
    expired: (): boolean => timeout !== undefined && performance.now() - started >= timeout,
    /** The error to throw for a failed step: a timed-out one as the transfer's; otherwise `error` itself. */
    timedOut(error: unknown): unknown {
      const cause = error instanceof TransferError ? error.cause : error;
      if (!(cause instanceof CommandError) || !cause.timedOut) return error;
      return new TransferError("failed", `the ${direction} timed out after ${timeout} ms`, tag, { cause });
    },
  };
}
