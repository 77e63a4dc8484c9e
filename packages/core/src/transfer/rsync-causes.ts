import { posix } from "node:path";
import { permissionFix } from "./permission-fix.ts";
import { shown } from "./stats.ts";
import type { TransferFailure } from "./transfer-error.ts";

export const IN_THE_WAY = "a file is in the way; remove it, or choose another destination";
export const INSTALL = "(Debian/Ubuntu: apt-get install rsync; Fedora: dnf install rsync; macOS: brew install rsync)";

// What rsync (or the remote shell) prints, and what it means; first match wins.
// `count`: how many lines the pattern matched (rsync says "file has vanished" once per file).
type Say = (
  line: string,
  where: "local" | "remote",
  raw: string,
  asRoot: boolean,
  destination: string | undefined,
  count: number,
) => string;
export const CAUSES: ReadonlyArray<readonly [RegExp, TransferFailure, Say]> = [
  // The host's shell (sh, bash, zsh, fish) found no sudo for becomeRoot (sudo's "sudo: rsync: …" is not it); before
  // rsync's missing command, as rsync then says "remote command not found".
  [/\bsudo: (command )?not found|command not found: sudo|Unknown command: sudo/, "failed", () => NO_SUDO],
  // sudo's own search (its secure_path, not the login user's PATH) found no rsync: missing, or installed elsewhere.
  [
    /^sudo: rsync: command not found/,
    "rsync-missing-remote",
    (l) =>
      `sudo on the host finds no rsync on its secure_path (${l}): install rsync there ${INSTALL}, or, where it is ` +
      "installed elsewhere, add its directory to secure_path in the host's sudoers",
  ],
  // A staged upload's step as root runs as `run` with becomeRoot does, under dk's supervisor, which is bash.
  [/^sudo: bash: command not found/, "failed", (l) => `${NO_BASH} (${l}): ${NO_BASH_FIX}`],
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
  // The destination's file system (the host's for an upload, this machine's for a download), as rsync or mkdir say.
  [
    /Read-only file system( \(30\))?$/,
    "failed",
    (l, w) =>
      `the destination ${DESTINATION[w]} is on a read-only file system (${l}); choose one that can be written to`,
  ],
  [
    /No space left on device( \(28\))?$|Disk quota exceeded( \(122\))?$/,
    "failed",
    (l, w) =>
      `the destination ${DESTINATION[w]} has no room left (${l}); free space there (df -h) or choose another ` +
      "destination, then copy again",
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
    (l, w, _raw, _asRoot, _destination, count) =>
      `the ${w} source changed while it was copied (${l}${count > 1 ? `, and ${count - 1} more` : ""}): the rest ` +
      "was copied; copy again once it stops changing",
  ],
  // A source file got shorter while rsync read it (exit code 23): it sent zeros for the rest, then the file again.
  [
    /^rsync: (\[sender\] )?read errors mapping "/,
    "failed",
    (l, w) => `the ${w} source got shorter while it was copied (${l}); copy again once it stops changing`,
  ],
  // A non-empty directory in the destination where the source has a file (or a symlink), which only `delete` removes.
  [
    /^could not make way for new /,
    "failed",
    (l, w, _raw, _asRoot, destination = "the destination") =>
      `a directory in ${destination} ${DESTINATION[w]} is in the way of a file of the source (${l}): remove it ` +
      "there, or copy with `delete`, which removes whatever the source lacks",
  ],
  // rsync's, mkdir's or the system's words for a name in a path past what its file system takes.
  [/File name too long( \(36\))?$/, "failed", (l) => nameTooLong(l)],
  // csh and tcsh read no line break in a quoted word: an upload's path with one, among its host script's words.
  [
    /^Unmatched ['"`]/,
    "failed",
    (_l, _w, _raw, _asRoot, destination = "the destination") =>
      `the login shell on the host (csh or tcsh) reads no line break in a path, and ${shown(destination)} holds ` +
      "one: choose a path without one, or log in as a user whose shell is sh or bash",
  ],
  // The same mkdir under a directory that takes no new entries (/proc, /sys), which it says of a part that exists.
  [
    /^mkdir: cannot create directory '.*': No such file or directory$/,
    "failed",
    (l) => {
      const dir = /^mkdir: cannot create directory '(.*)'/.exec(l)![1]!;
      const why = `${posix.dirname(dir)} takes no new directories (${l})`;
      return `cannot make the remote directory ${dir}: ${why}; ${ELSEWHERE}`;
    },
  ],
  // The host's `mkdir -p` of an upload's directory (rsync-path): a file has the name of a directory it needs.
  [
    /^mkdir: cannot create directory .*(File exists|Not a directory)$/,
    "failed",
    (l) => `cannot make the remote directory (${l}): ${IN_THE_WAY}`,
  ],
];
/** Why a transfer fails for a name in its path past what a file system takes; `said` is how that was said. */
export function nameTooLong(said: string): string {
  return `a name in the path is longer than the file system takes (most take 255 bytes): ${said}; choose a shorter one`;
}
const ELSEWHERE = "choose a destination on a file system the host can write to";
/** Where the destination is, by the side the source is on. */
export const DESTINATION = { local: "on the host", remote: "here" } as const;
// What the host's shell printed at start-up came first on rsync's stdout, where rsync expects its protocol.
const SHELL_NOT_CLEAN =
  "rsync read text instead of its protocol: the host's shell start-up files (~/.bashrc, /etc/bash.bashrc, …) print " +
  "in sessions without a terminal, as `ssh HOST true` shows; have them print only in interactive shells (in " +
  "~/.bashrc, below `[[ $- == *i* ]] || return`)";
const NO_SUDO =
  "sudo is not installed on the host, and becomeRoot runs the host's side through it for a login user other than " +
  "root; install it there (Debian/Ubuntu: apt-get install sudo), or log in as root";
const NO_BASH =
  "sudo on the host finds no bash on its secure_path, and an upload as root with a sudo password copies its files " +
  "into place in a command run as root through bash, which stops every process of it should the upload be stopped";
const NO_BASH_FIX =
  "install bash there (or add its directory to secure_path in the host's sudoers), or allow rsync and mkdir " +
  "without a password (sudoers: `USER ALL=(root) NOPASSWD: /usr/bin/rsync, /usr/bin/mkdir`) and upload without " +
  "one, which needs only sh, or log in as root";
const SUDO =
  "sudo on the host needs a password, which rsync's own connection cannot send: give it to an upload " +
  "(`sudoPassword`, `dk --ask-sudo-password`), or allow rsync without one (sudoers: `USER ALL=(root) NOPASSWD: " +
  "/usr/bin/rsync, /usr/bin/mkdir`), or log in as root";
const SUDO_DOWNLOAD =
  "sudo on the host needs a password, which a download cannot send (rsync's connection carries its protocol; a sudo " +
  "password serves runs and uploads): allow rsync without one (sudoers: `USER ALL=(root) NOPASSWD: /usr/bin/rsync`), " +
  "or log in as root";
