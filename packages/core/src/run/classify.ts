import { CommandError, type FailureDetail } from "../errors.ts";
import { bashMissing } from "../ssh/bash-missing.ts";
import { restrictedShell } from "../ssh/restricted-shell.ts";
import { sshFailure } from "../ssh/hints.ts";
import { CWD_REFUSED } from "../ssh/exit-mark.ts";
import { closedHereWithin } from "../ssh/closed-here.ts";
import { say } from "../ssh/native/messages.ts";
import type { CommandResult } from "../types.ts";
import type { Invocation } from "./invocation.ts";
import { abortCause } from "./abortable.ts";

/** Why a run stopped its command: a deadline, an abort, its input stream failing, or too much captured output. */
export type Stopped = "timedOut" | "interrupted" | "input" | "stdout" | "stderr";

/** What a run knows once its command has ended. */
export type Ending = {
  readonly why: Stopped | undefined;
  readonly check: boolean;
  readonly timeout: number | undefined;
  readonly maxBuffer: number;
  readonly inputError: string | undefined;
  /** The exit status the far side reported (the remote exit mark), if it did. */
  readonly remoteExit: number | undefined;
  /** The connection itself carried the exit status (an SSH channel's): a 255 without the mark is the command's. */
  readonly channelExit?: boolean | undefined;
  /** The last lines the command printed, and the last on stderr. */
  readonly tail: readonly string[];
  readonly errors: readonly string[];
  /** Stopped before its command started: while it connected to the host, or waited for anything else. */
  readonly before?: "starting" | "connecting" | undefined;
  /** The run's abort signal: an interrupted run's `cause` is the reason its caller gave it (see abortCause). */
  readonly signal?: AbortSignal | undefined;
};

/** The error a run ends in, if any: a non-zero exit with `check: false` is a result, unless ssh itself failed. */
export function classify<O extends string | Buffer>(
  res: CommandResult<O>,
  inv: Pick<Invocation, "host" | "ssh" | "args" | "cwd">,
  end: Ending,
): CommandError<O> | undefined {
  const { why, timeout, tail, errors } = end;
  const detail: FailureDetail = { host: inv.host, timeout, tail, lastError: errors.at(-1) };
  if (why === "timedOut" || why === "interrupted")
    return new CommandError(
      res,
      { ...detail, [why]: true, before: end.before },
      why === "interrupted" ? abortCause(end.signal) : undefined,
    );
  if (why === "input") return new CommandError(res, { ...detail, inputError: end.inputError });
  if (why !== undefined)
    return new CommandError(res, { ...detail, overflow: { stream: why, maxBuffer: end.maxBuffer } });
  if (res.exitCode === 0) return undefined;
  // The host's supervisor could not enter the cwd: the caller's mistake, which `check: false` does not hide.
  const refused = end.remoteExit === undefined ? undefined : CWD_REFUSED[end.remoteExit];
  // A restricted login shell (rbash) refused dk's command line, the cwd's `cd` too: no command of dk's runs there.
  const restricted = inv.ssh && (end.remoteExit === undefined || refused) ? restrictedShell(errors) : undefined;
  if (restricted !== undefined) return new CommandError(res, { host: inv.host, startError: restricted });
  if (refused !== undefined)
    return new CommandError(res, { host: inv.host, startError: `the working directory ${inv.cwd} ${refused}` });
  // No exit status from the far side: the 255 is ssh's own (no session, or the connection died), and a 127 may be the
  // login shell's, which found no bash to run the command in.
  const unreported = inv.ssh !== undefined && end.remoteExit === undefined;
  // ssh's client says nothing when its master is closed under it (the native transport says the words below itself).
  // Only a client of core's master was cut by host.closeConnection(): a run on a connection of its own was not.
  const cutHere = unreported && inv.ssh.shared && closedHereWithin(inv.host, res.durationMs);
  const here = cutHere ? [say.closedHere(inv.ssh.hostname)] : [];
  const said = [...errors, ...here];
  const ssh = unreported && !end.channelExit ? sshFailure(res.exitCode, said, inv.ssh, inv.args) : undefined;
  const noBash = unreported ? bashMissing(res.exitCode, errors) : undefined;
  return end.check || ssh || noBash !== undefined ? new CommandError(res, { ...detail, ssh, noBash }) : undefined;
}
