import { CommandError } from "./errors.ts";
import { GroupError } from "./group-error.ts";
import { TransferError } from "./transfer/transfer-error.ts";

/**
 * Whether `error` is a stop (Ctrl-C, an abort) rather than a fault: a command interrupted, a copy whose rsync was, an
 * AbortError, or a group call whose every failure was one.
 */
export function isStop(error: unknown): boolean {
  try {
    if (error instanceof CommandError) return error.interrupted;
    if (error instanceof TransferError) return isStop(error.cause);
    if (error instanceof GroupError) return error.failed.length > 0 && error.failed.every((r) => isStop(r.error));
    return error instanceof Error && error.name === "AbortError";
  } catch {
    // A thrown value that cannot be read (a proxy that throws) is a failure of its own.
    return false;
  }
}
