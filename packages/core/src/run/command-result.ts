import { constants } from "node:os";
import { SHELL_TERMINATED } from "../ssh/exit-mark.ts";
import type { Invocation } from "./invocation.ts";
import type { CommandResult, Encoding, Output } from "../types.ts";

/** How a process ended: its exit code, or the signal that ended it. */
export type Exit = { readonly code: number | null; readonly signal: NodeJS.Signals | null };

/** Makes `inv`'s results from now on: output decoded as `encoding` asks, timed from now (a dry run: 0). */
export function resultMaker<E extends Encoding>(
  inv: Invocation,
  encoding: E | undefined,
  dryRun: boolean,
): (exitCode: number, stdout?: Buffer, stderr?: Buffer) => CommandResult<Output<E>> {
  const decode = (bytes: Buffer) => (encoding === "buffer" ? bytes : bytes.toString("utf8")) as Output<E>;
  const started = performance.now();
  return (exitCode, stdout = Buffer.alloc(0), stderr = Buffer.alloc(0)) => ({
    command: inv.display,
    exitCode,
    stdout: decode(stdout),
    stderr: decode(stderr),
    durationMs: dryRun ? 0 : Math.round(performance.now() - started),
  });
}

// The exit code a shell reports: the process's own, or 128 + the number of the signal that ended it.
function exitCodeOf(exit: Exit): number {
  return exit.code ?? (exit.signal ? 128 + (constants.signals[exit.signal] ?? 0) : 127);
}

/**
 * An exit code in words: `137 (SIGKILL)` where it is 128 + the number of a signal, as a shell reports a command that
 * signal ended (and as dk reports one whose process it ended), else the number alone.
 */
export function exitCodeText(exitCode: number): string {
  // The first name of a number is the usual one (SIGABRT, not SIGIOT).
  const name = Object.entries(constants.signals).find(([, number]) => number === exitCode - 128)?.[0];
  return name === undefined ? String(exitCode) : `${exitCode} (${name})`;
}

/**
 * A command's exit code from how its process ended and, over ssh, the status the host's supervisor reported
 * (`reported`): ssh's 255 after a report of another status is the shell ended by TERM (see SHELL_TERMINATED), unless
 * this process closed the connection under the run (`cutHere`): the report came first, so the command ran to its end.
 */
export function commandExitCode(
  exit: Exit,
  inv: Pick<Invocation, "ssh">,
  reported: number | undefined,
  cutHere = false,
): number {
  const code = exitCodeOf(exit);
  const lost = inv.ssh !== undefined && code === 255 && reported !== undefined && reported !== 255;
  // A status past 255 says the supervisor could not enter the cwd, and exited 127 (CWD_REFUSED).
  if (lost && cutHere) return reported > 255 ? 127 : reported;
  return lost ? SHELL_TERMINATED : code;
}
