import { existsSync } from "node:fs";
import type { CommandResult } from "../types.ts";
import type { Printer } from "../output/printer.ts";
import { controlPath } from "../ssh/connection.ts";
import type { RunningChild } from "./child.ts";
import { classify, type Ending, type Stopped } from "./classify.ts";
import type { Exit } from "./command-result.ts";
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
    stopped: failure.interrupted,
  });
  return failure;
}

/**
 * "connecting" when the ssh client of a run that dk stopped was still connecting, so that its command never started: no
 * exit status came from the host, and ssh died of dk's TERM, which it takes as a request to quit once its session runs
 * (clientloop.c), or, as a shared connection's master to be, of dk's KILL before it logged in (then it makes the
 * control socket).
 */
export function stoppedConnecting(
  inv: Invocation,
  child: RunningChild,
  exit: Exit,
  reported?: number,
): "connecting" | undefined {
  if (inv.file !== "ssh" || inv.exitMark === undefined || child.pid === undefined) return undefined;
  if (reported !== undefined || exit.code !== null) return undefined;
  const socket = controlPath(inv.args);
  const connecting = inv.ssh?.shared
    ? exit.signal === "SIGKILL" && socket !== undefined && !existsSync(socket)
    : exit.signal === "SIGTERM";
  return connecting ? "connecting" : undefined;
}
