import { quote } from "../run/quote.ts";
import type { Command } from "../types.ts";

/** Marks the line on which the remote side reports the command's exit status (stripped from the output). */
export const EXIT_MARK = "\x1fdk-exit:";

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
};

/**
 * The command line for the remote login shell: cd, env and sudo applied, each value quoted once per shell it crosses.
 * Pure.
 */
export function remoteCommand(command: Command, options: RemoteCommandOptions = {}): string {
  const steps = [
    ...(options.cwd === undefined ? [] : [`cd -- ${quote(options.cwd)}`]),
    ...Object.entries(options.env ?? {}).map(([name, value]) => `export ${name}=${quote(value)}`),
    typeof command === "string" ? `exec bash -c ${quote(command)}` : `exec ${command.map(quote).join(" ")}`,
  ];
  const inner = steps.join(" && ");
  // sudo -S reads the password line itself, a byte at a time: the command then reads the input after it.
  const password = options.input ? `{ printf '%s\\n' "$pw"; exec cat; }` : `printf '%s\\n' "$pw"`;
  // On a terminal sudo asks there, if it needs to.
  const sudo = options.tty
    ? `exec sudo -- bash -c ${quote(inner)}`
    : options.sudoPasswordOnStdin
      ? `${password} | exec sudo -S -p '' -- bash -c ${quote(inner)}`
      : `exec sudo -n -- bash -c ${quote(inner)}`;
  // The login user may turn out to be root (ssh config): then sudo is neither needed nor maybe installed.
  const payload = options.sudo ? `if [ "$(id -u)" = 0 ]; then exec bash -c ${quote(inner)}; else ${sudo}; fi` : inner;
  if (options.tty) return `exec bash -c ${quote(payload)}`;
  return supervise(payload, options.sudoPasswordOnStdin ?? false, options.input ?? false);
}

// Runs `payload` in its own process group and kills that group when ssh's stdin closes, which is what
// happens when the local ssh client dies (timeout, Ctrl-C, lost controller): nothing is left behind on the host.
// bash, whatever the login shell is: dash, for one, cannot give jobs their own process groups without a tty.
function supervise(payload: string, readPassword: boolean, input: boolean): string {
  const script = [
    // The password line comes first; printf is a builtin, so it never shows in a process list.
    ...(readPassword ? ["IFS= read -r pw"] : []),
    "set -m",
    // The shell's own stderr (job notices) goes nowhere; the payload keeps the real one as fd 3.
    "exec 3>&2 2>/dev/null",
    ...(input ? withInput(payload) : [`{ ${payload}\n} </dev/null 2>&3 3>&- &`, "p=$!"]),
    ...(readPassword ? ["unset pw"] : []),
    `{ ${input ? UNFRAME : "read -r _"}; kill -TERM -- -$p && sleep 5 && kill -KILL -- -$p; } >/dev/null 3>&- &`,
    "w=$!",
    ...(input ? ["exec 5>&-"] : []),
    "wait $p; s=$?",
    "kill -- -$w 2>/dev/null",
    // The exit status also travels as a last stderr line: without it, ssh's 255 means the connection failed.
    `printf '\\037${EXIT_MARK.slice(1)}%d\\n' "$s" >&3`,
    "exit $s",
  ].join("\n");
  return `exec bash -c ${quote(script)}`;
}

// The payload as a job reading a pipe (a coprocess: its own process group, like any job), whose write end is fd 5.
function withInput(payload: string): string[] {
  return [
    "exec 4>&1",
    `coproc P { { ${payload}\n} >&4 2>&3 3>&- 4>&- ; }`,
    "p=$P_PID",
    'exec 5>&"${P[1]}" 4>&-',
    'eval "exec ${P[1]}>&- ${P[0]}<&-"',
  ];
}

// The input, unframed into the payload's pipe (`head -c` reads exactly one chunk), which then closes: end of input.
// A payload that stopped reading gets no more (/dev/null); then only stdin's end counts, whatever else arrives.
const UNFRAME =
  'while IFS= read -r n && [ "$n" != 0 ]; do head -c "$n" >&5 || exec 5>/dev/null; done; exec 5>&-; ' +
  "while read -r _; do :; done";
