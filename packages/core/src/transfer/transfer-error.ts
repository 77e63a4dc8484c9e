import type { CommandError } from "../errors.ts";
import { sshFailure } from "../ssh/hints.ts";
import { KEPT_MARK } from "./rsync-argv.ts";
import { CAUSES, DESTINATION } from "./rsync-causes.ts";
import { noHomeReason } from "./no-home.ts";
import { mirrorReason } from "./mirror-home.ts";
import { beyondTimes } from "./own-dir.ts";
import { brokenLinkReason } from "./broken-link.ts";

/** Why a transfer failed. */
export type TransferFailure =
  "rsync-missing-local" | "rsync-missing-remote" | "source-missing" | "permission-denied" | "ssh" | "failed";

/** A file transfer (`upload`, `download`) failed: `kind` says why, `cause` holds the rsync `CommandError` if any. */
export class TransferError extends Error {
  override readonly name = "TransferError";
  /** Why it failed, in one line, without the host (a group's summary names it). */
  readonly reason: string;

  constructor(
    readonly kind: TransferFailure,
    reason: string,
    readonly host: string | undefined,
    options?: ErrorOptions,
  ) {
    super(host === undefined ? reason : `[${host}] ${reason}`, options);
    this.reason = reason;
  }
}

// Lines only ssh prints: its own failures (a refused login, an unreachable host, a changed key).
const SSH_SAID = new RegExp(
  [
    "^ssh: ",
    "^Host key verification failed",
    "Permission denied \\((publickey|password|keyboard|gssapi|hostbased)",
    "IDENTIFICATION HAS CHANGED",
    "^kex_",
    "^Connection (closed|reset) by",
    "^Connection timed out during banner exchange",
    "^Unable to negotiate with ",
    "^Timeout, server .* not responding",
  ].join("|"),
);
/** The `TransferError` for a failed rsync run, from what it printed. */
export function rsyncFailed(
  error: CommandError,
  direction: "upload" | "download",
  where: {
    readonly hostname: string;
    readonly port?: number | undefined;
    readonly tag: string;
    /** The run's `timeout`, to say what ran out. */
    readonly timeout?: number | undefined;
    /** The host's side ran as root (its login, or `becomeRoot`). */
    readonly asRoot?: boolean | undefined;
    /** The destination as the caller wrote it, for a failure rsync did not name. */
    readonly destination?: string | undefined;
  },
  sshArgs: readonly string[],
): TransferError {
  const lines = beyondTimes(
    String(error.stderr)
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.startsWith(KEPT_MARK)),
  );
  // What an upload's host script stopped for (a download's relative source is checked by its listing, before this).
  const remote = direction === "upload" ? where.destination : undefined;
  const stopped =
    remote === undefined
      ? undefined
      : (noHomeReason(remote, String(error.stderr)) ??
        mirrorReason(remote, String(error.stderr)) ??
        brokenLinkReason(String(error.stderr)));
  if (stopped !== undefined) return new TransferError("failed", stopped, where.tag, { cause: error });
  // The source is local for an upload, remote for a download.
  const side = direction === "upload" ? "local" : "remote";
  for (const [pattern, kind, say] of CAUSES) {
    const matched = lines.filter((l) => pattern.test(l));
    const line = matched[0];
    if (line === undefined) continue;
    const reason = say(clean(line), side, line, where.asRoot ?? false, where.destination, matched.length);
    return new TransferError(kind, reason, where.tag, { cause: error });
  }
  // rsync exits 12 ("connection unexpectedly closed") when ssh fails: ssh's own lines say why. It exits 255 when its
  // ssh did without a word: a client of a shared connection whose master lost the host says nothing itself.
  const silent = error.exitCode === 255 && !error.timedOut && !error.interrupted;
  const ssh = silent || lines.some((l) => SSH_SAID.test(l)) ? sshFailure(255, lines, where, sshArgs) : undefined;
  if (ssh !== undefined)
    return new TransferError("ssh", `ssh failed: ${ssh.line}: ${ssh.hint}`, where.tag, { cause: error });
  // Said as the transfer's own stop, not as rsync's long command line (which `cause` still has).
  if (error.timedOut || error.interrupted) {
    const how = error.timedOut ? `timed out after ${where.timeout ?? error.durationMs} ms` : "was interrupted";
    return new TransferError("failed", `the ${direction} ${how}`, where.tag, { cause: error });
  }
  // rsync at times exits 11 with the receiver's own line lost: said as what it most often is.
  if (lines.length === 0 && error.exitCode === 11) return unsaidFileError(error, side, where);
  // rsync's last line ("rsync error: … (code 23) at main.c…") only sums up, and the other side's "write error: Broken
  // pipe" only follows from it: the first other "rsync: …" line says what.
  const said = lines.filter((l) => l.startsWith("rsync: "));
  const what =
    said.find((l) => !/write error: Broken pipe/.test(l)) ?? said[0] ?? lines.at(-1) ?? `exit code ${error.exitCode}`;
  return new TransferError("failed", `rsync failed (exit code ${error.exitCode}): ${clean(what)}`, where.tag, {
    cause: error,
  });
}

// "rsync: [sender] link_stat "/x" failed: …" without rsync's own role tag.
function clean(line: string): string {
  return line.replace(/^rsync: (\[\w+\] )?/, "").trim();
}

// rsync's exit code 11 ("error in file I/O") with nothing printed: check the destination.
function unsaidFileError(error: CommandError, side: "local" | "remote", where: { tag: string; destination?: string }) {
  const there = DESTINATION[side];
  const check = `check ${where.destination ?? "the destination"} ${there} (df -h), then copy again`;
  const reason =
    "rsync failed (exit code 11: an error reading or writing a file, which it did not name); most often the " +
    `destination ${there} has no room left or is read-only: ${check}`;
  return new TransferError("failed", reason, where.tag, { cause: error });
}
