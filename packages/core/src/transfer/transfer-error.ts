import type { CommandError } from "../errors.ts";
import { sshFailure } from "../ssh/hints.ts";
import { KEPT_MARK } from "./rsync-argv.ts";
import { permissionFix } from "./permission-fix.ts";

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

export const IN_THE_WAY = "a file is in the way; remove it, or choose another destination";
export const INSTALL = "(Debian/Ubuntu: apt-get install rsync; Fedora: dnf install rsync; macOS: brew install rsync)";

// What rsync (or the remote shell) prints, and what it means; first match wins.
type Say = (line: string, where: "local" | "remote", raw: string, asRoot: boolean) => string;
const CAUSES: ReadonlyArray<readonly [RegExp, TransferFailure, Say]> = [
  // The host's shell (sh, bash, zsh, fish) found no sudo for becomeRoot (sudo's "sudo: rsync: …" is not it); before
  // rsync's missing command, as rsync then says "remote command not found".
  [/\bsudo: (command )?not found|command not found: sudo|Unknown command: sudo/, "failed", () => NO_SUDO],
  [
    /rsync: (command )?not found|exec: rsync: not found|remote command not found/,
    "rsync-missing-remote",
    () => `rsync is not installed on the host; install it there ${INSTALL}`,
  ],
  // (The source is remote for a download, which has no staged way to send a password.)
  [/a (terminal|password) is required/, "permission-denied", (_l, w) => (w === "local" ? SUDO : SUDO_DOWNLOAD)],
  [/protocol version mismatch -- is your shell clean\?/, "failed", () => SHELL_NOT_CLEAN],
  [/incorrect password|Sorry, try again/, "permission-denied", () => "sudo on the host refused the password"],
  [
    /link_stat .* failed: Too many levels of symbolic links/,
    "source-missing",
    (l, w) => `the ${w} source cannot be followed: its symlinks lead in a loop (${l})`,
  ],
  [
    /(link_stat|change_dir).*No such file or directory/,
    "source-missing",
    (l, w) => `the ${w} source does not exist: ${l}`,
  ],
  [
    /Permission denied( \(13\))?$|Operation not permitted/,
    "permission-denied",
    (l, w, raw, asRoot) => `permission denied: ${l}${permissionFix(raw, w, asRoot)}`,
  ],
  // rsync's receiver reads an escaped name's backslashes otherwise than its sender does: it refuses what it was sent.
  [
    /^ERROR: rejecting unrequested file-list name: /,
    "failed",
    (l) =>
      `rsync cannot fetch a name holding both a backslash and \`*\`, \`?\` or \`[\` by itself (${l}); download ` +
      "the directory that holds it",
  ],
  // The source changed under rsync (exit code 24, said only as a warning): it copied the rest.
  [
    /^file has vanished: /,
    "failed",
    (l, w) =>
      `the ${w} source changed while it was copied (${l}): the rest was copied; copy again once it stops changing`,
  ],
  // The host's `mkdir -p` of an upload's directory (rsync-path): a file has the name of a directory it needs.
  [
    /^mkdir: cannot create directory .*(File exists|Not a directory)$/,
    "failed",
    (l) => `cannot make the remote directory (${l}): ${IN_THE_WAY}`,
  ],
];
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
// What the host's shell printed at start-up came first on rsync's stdout, where rsync expects its protocol.
const SHELL_NOT_CLEAN =
  "rsync read text instead of its protocol: the host's shell start-up files (~/.bashrc, /etc/bash.bashrc, …) print " +
  "in sessions without a terminal, as `ssh HOST true` shows; have them print only in interactive shells (in " +
  "~/.bashrc, below `[[ $- == *i* ]] || return`)";
const NO_SUDO =
  "sudo is not installed on the host, and becomeRoot runs the host's side through it for a login user other than " +
  "root; install it there (Debian/Ubuntu: apt-get install sudo), or log in as root";
const SUDO =
  "sudo on the host needs a password, which rsync's own connection cannot send: give it to an upload " +
  "(`sudoPassword`, `dk --ask-sudo-password`), or allow rsync without one (sudoers: `USER ALL=(root) NOPASSWD: " +
  "/usr/bin/rsync, /usr/bin/mkdir`), or log in as root";
const SUDO_DOWNLOAD =
  "sudo on the host needs a password, which a download cannot send (rsync's connection carries its protocol; a sudo " +
  "password serves runs and uploads): allow rsync without one (sudoers: `USER ALL=(root) NOPASSWD: /usr/bin/rsync`), " +
  "or log in as root";

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
  },
  sshArgs: readonly string[],
): TransferError {
  const lines = String(error.stderr)
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith(KEPT_MARK));
  // The source is local for an upload, remote for a download.
  const side = direction === "upload" ? "local" : "remote";
  for (const [pattern, kind, say] of CAUSES) {
    const line = lines.find((l) => pattern.test(l));
    if (line === undefined) continue;
    return new TransferError(kind, say(clean(line), side, line, where.asRoot ?? false), where.tag, { cause: error });
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
