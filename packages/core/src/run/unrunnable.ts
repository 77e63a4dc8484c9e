import { CommandError } from "../errors.ts";
import { NOTICE_WIDTH, oneLine } from "../output/one-line.ts";
import type { Printer } from "../output/printer.ts";
import type { CommandResult, Encoding, Output, RunOptions } from "../types.ts";
import type { Invocation } from "./invocation.ts";
import type { ProgramError } from "./spawn-child.ts";

type Make<E extends Encoding> = (exitCode: number, stdout?: Buffer, stderr?: Buffer) => CommandResult<Output<E>>;

/**
 * An argv command whose program could not be run ends as a shell reports it, and as it does on a host: exit 127 (not
 * found) or 126 (not executable), the reason on its stderr; a failure that `check: false` returns as a result.
 */
export function unrunnable<E extends Encoding>(
  inv: Invocation,
  out: Printer,
  make: Make<E>,
  error: ProgramError,
  options: RunOptions<E>,
): CommandResult<Output<E>> {
  const why = error.message;
  const piped = options.stderr === "pipe";
  const res = make(error.exitCode, undefined, piped ? Buffer.from(`${why}\n`) : undefined);
  out.start?.(inv.tag, inv.display, inv.host);
  if (!piped) void out.line(inv.tag, why, "stderr");
  const detail = { host: inv.host, startError: why, tail: [why], lastError: why };
  const failure = (options.check ?? true) ? new CommandError(res, detail, { cause: error }) : undefined;
  out.end?.(inv.tag, {
    command: inv.display,
    exitCode: res.exitCode,
    durationMs: res.durationMs,
    error: failure?.reason,
  });
  if (failure) throw failure;
  out.notice(inv.tag, `[Command failed: ${res.exitCode}] ${oneLine(inv.display, NOTICE_WIDTH)}`);
  return res;
}
