import { oneLine, quote } from "../run/quote.ts";
import { bashFirst, inBash } from "./login-shell.ts";
import { GUARD_VAR, READ, TOKEN_VAR } from "./script-words.ts";
import { supervise } from "./supervise.ts";
import type { Command } from "../types.ts";

/**
 * `line` (a remoteCommand) run under the connection's guardian, whose list is the file `list`, as command `token`: the
 * two variables are set in the bash that runs the supervisor, before it. Pure.
 */
export function guarded(line: string, list: string, token: number): string {
  return bashFirst(line, `${GUARD_VAR}=${quote(list)} ${TOKEN_VAR}=${token}; `);
}

export type RemoteCommandOptions = {
  readonly cwd?: string | undefined;
  readonly env?: Readonly<Record<string, string>> | undefined;
  /** Run as root: through `sudo -n` unless the login user already is root. */
  readonly sudo?: boolean | undefined;
  /** The sudo password arrives as the first line of stdin: `sudo -S` reads it from there, never from argv. */
  readonly sudoPasswordOnStdin?: boolean | undefined;
  /** The command reads input, framed on stdin after the password line (see `feed`); else its stdin is empty. */
  readonly input?: boolean | undefined;
  /** A terminal session (`ssh -tt`): the command reads the terminal, and the pty's hangup ends it if ssh goes. */
  readonly tty?: boolean | undefined;
  /** The nonce of the run's exit mark (see `exitMark`), the stderr line that reports the exit status. @default "" */
  readonly nonce?: string | undefined;
};

/**
 * The command line for the remote login shell: cd, env and sudo applied, each value quoted once per shell it crosses.
 * Pure.
 */
export function remoteCommand(command: Command, options: RemoteCommandOptions = {}): string {
  const cwd = options.cwd === undefined ? undefined : directory(options.cwd);
  const steps = [
    ...Object.entries(options.env ?? {}).map(([name, value]) => `export ${name}=${oneLine(value)}`),
    // eval, not `bash -c`: the command runs in the bash already there, without starting another. An array runs in a
    // subshell that execs it: the shell that ran it reports its exit status (see supervise).
    typeof command === "string" ? `eval ${oneLine(command)}` : `(exec ${command.map(oneLine).join(" ")})`,
  ];
  const body = steps.join(" && ");
  // Where no supervisor of dk's enters the cwd (see supervise), the command's own shell does: a terminal session, or a
  // sudo that reads its password itself.
  const inner = cwd === undefined ? body : `CDPATH= builtin cd -- ${cwd} && ${body}`;
  const input = options.input ?? false;
  // The login user may turn out to be root (ssh config): then sudo is neither needed nor maybe installed. The line
  // always runs in bash (see inBash), whose $EUID spares an `id` process. On a terminal sudo asks there, if it needs
  // to, and the pty's hangup reaches every process of the session, root's too.
  if (options.tty) return inBash(options.sudo ? asRootOr(inner, `exec sudo -- bash -c ${quote(inner)}`) : inner);
  // With sudo, the supervisor itself runs as root: the login user may signal sudo, which passes a signal on to the
  // command alone, but no root process under it, which would outlive a stop.
  const nonce = options.nonce ?? "";
  const supervised = supervise(body, input, nonce, cwd);
  if (!options.sudo) return inBash(supervised);
  // The supervisor learns the login shell's pid and its parent's (see supervise).
  const shell = 'bash $$ "$PPID"';
  if (!options.sudoPasswordOnStdin) {
    return inBash(asRootOr(supervised, `exec sudo -n -- bash -c ${quote(supervised)} ${shell}`));
  }
  // The password line comes first; printf is a builtin, so it never shows in a process list. sudo -S gets that line
  // alone: one try, and a wrong password never makes a try of the input. The root supervisor then takes the session's
  // stdin from the login shell's fd 0, sshd's pipe, through /proc (Linux).
  const reopened = `exec </proc/$1/fd/0 || exit; ${supervised}`;
  const viaProc = `printf '%s\\n' "$pw" | sudo -S -p '' -- bash -c ${quote(reopened)} ${shell}; exit`;
  // Its payload starts the command's shell (sudo's bash): `$$` is that shell's, whichever way it runs.
  const fallback = supervise(passedOn(inner, input), input, nonce, undefined, true);
  const sudo = `if [ -p /proc/$$/fd/0 ]; then ${viaProc}; else ${fallback}; fi`;
  return inBash(`IFS= ${READ} -r pw; ${asRootOr(`unset pw; ${supervised}`, sudo)}`);
}

// `inner` run as the login user when that is root, else `sudo`.
function asRootOr(inner: string, sudo: string): string {
  return `if [ "$EUID" = 0 ]; then ${inner}; else ${sudo}; fi`;
}

// Where no /proc gives the session's stdin: sudo -S, under the login user's supervisor, reads the password line
// itself, only when it asks (not under NOPASSWD, nor with cached credentials): the line must never reach the command.
// Without input, the command's stdin is /dev/null; with it, a NUL closes the line and `read -d ''` takes what sudo
// left of the two (a password has no NUL). A stop reaches the command through sudo, which passes the signal on.
function passedOn(inner: string, input: boolean): string {
  const password = input ? `{ printf '%s\\n\\0' "$pw"; exec cat; }` : `printf '%s\\n' "$pw"`;
  const unasked = input ? `IFS= ${READ} -r -d '' __dk_l; unset __dk_l; ` : "exec </dev/null; ";
  return `${password} | exec sudo -S -p '' -- bash -c ${quote(unasked + inner)}`;
}

// A `cwd` as one word, a leading `~` or `~/` left to the shell's tilde expansion: the home of whoever runs the
// command.
function directory(cwd: string): string {
  if (cwd !== "~" && !cwd.startsWith("~/")) return oneLine(cwd);
  return cwd.length <= 2 ? "~/" : `~/${oneLine(cwd.slice(2))}`;
}
