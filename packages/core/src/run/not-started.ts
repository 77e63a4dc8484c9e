import type { CommandResult } from "../types.ts";
import type { Printer } from "../output/printer.ts";
import { classify, type Ending, type Stopped } from "./classify.ts";
import type { Invocation } from "./invocation.ts";

/**
 * The exit code of a run that dk stopped, before its command started or after: as if interrupted by Ctrl-C (an abort),
 * or ended by a TERM (its deadline, output past maxBuffer, its input failing).
 */
export function stoppedExit(why: Stopped): number {
  return why === "interrupted" ? 130 : 143;
}

/**
 * A run stopped while it waited to start (for its input file, a connection, room for its descriptors): its command
 * never runs, and it fails as one stopped while running does, recorded alike.
 */
export function notStarted<O extends string | Buffer>(
  inv: Invocation,
  out: Printer,
  res: CommandResult<O>,
  end: Ending,
) {
  const failure = classify(res, inv, end)!;
  out.start?.(inv.tag, inv.display, inv.host);
  out.end?.(inv.tag, {
    command: inv.display,
    exitCode: res.exitCode,
    durationMs: res.durationMs,
    error: failure.reason,
  });
  return failure;
}
