import { CommandError } from "../errors.ts";
import { shown } from "./stats.ts";
import { TransferError } from "./transfer-error.ts";

/**
 * What a transfer was writing when it stopped: a file (renamed into place once whole), a file written in place, a
 * directory's files, or nothing yet at the destination (a download's listing; a staged upload's copy to its private
 * directory).
 */
export type Writing = "file" | "in-place" | "dir" | "stage" | "none";

const LEFT: Record<Writing, (destination: string) => string> = {
  file: (d) => `nothing is half-written at ${d} (a file takes its name only once all of it has arrived); copy again`,
  "in-place": (d) =>
    `the file at ${d} may be half-written (it is written in place, as the login user may not write its ` +
    "directory); copy again",
  dir: (d) =>
    `${d} may hold part of the copy (each file in it as it was, or whole and new; none half-written); copy again ` +
    "to finish",
  none: (d) => `nothing was written to ${d} (the copy had not started); copy again`,
  stage: (d) =>
    `nothing was written to ${d} (the files were still on their way to a private directory on the host); copy again`,
};

/**
 * `error` as it was, or, for a transfer stopped partway (its timeout, an abort), the same error saying what it left at
 * `destination` (as the caller wrote it) and what to do.
 */
export function withStoppedState(error: unknown, destination: string, writing: Writing): unknown {
  if (!(error instanceof TransferError)) return error;
  const { cause } = error;
  if (!(cause instanceof CommandError) || !(cause.timedOut || cause.interrupted)) return error;
  return new TransferError(error.kind, `${error.reason}: ${LEFT[writing](shown(destination))}`, error.host, { cause });
}

/**
 * `error` as it was, or, for a directory's copy that failed for some of its files only (rsync's exit code 23, a
 * partial transfer), the same error saying that the rest arrived. `source` is rsync's: a directory's ends in `/`.
 */
export function withPartialCopy(error: unknown, source: string): unknown {
  if (!(error instanceof TransferError) || !source.endsWith("/")) return error;
  const { cause } = error;
  if (!(cause instanceof CommandError) || cause.exitCode !== 23 || cause.timedOut || cause.interrupted) return error;
  const reason = `${error.reason} (the rest of the directory was copied)`;
  return new TransferError(error.kind, reason, error.host, { cause });
}
