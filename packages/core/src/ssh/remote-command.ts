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
  // The login user may turn out to be root (ssh config): then sudo is neither needed nor maybe installed.
  const sudo = options.sudoPasswordOnStdin
    ? `printf '%s\\n' "$pw" | exec sudo -S -p '' -- bash -c ${quote(inner)}`
    : `exec sudo -n -- bash -c ${quote(inner)}`;
  const payload = options.sudo ? `if [ "$(id -u)" = 0 ]; then exec bash -c ${quote(inner)}; else ${sudo}; fi` : inner;
  return supervise(payload, options.sudoPasswordOnStdin ?? false);
}

// Runs `payload` in its own process group and kills that group when ssh's stdin closes, which is what
// happens when the local ssh client dies (timeout, Ctrl-C, lost controller): nothing is left behind on the host.
// bash, whatever the login shell is: dash, for one, cannot give jobs their own process groups without a tty.
function supervise(payload: string, readPassword: boolean): string {
  const script = [
    // The password line comes first; printf is a builtin, so it never shows in a process list.
    ...(readPassword ? ["IFS= read -r pw"] : []),
    "set -m",
    // The shell's own stderr (job notices) goes nowhere; the payload keeps the real one as fd 3.
    "exec 3>&2 2>/dev/null",
    `{ ${payload}\n} </dev/null 2>&3 3>&- &`,
    "p=$!",
    ...(readPassword ? ["unset pw"] : []),
    "{ read -r _; kill -TERM -- -$p && sleep 5 && kill -KILL -- -$p; } >/dev/null 3>&- &",
    "w=$!",
    "wait $p; s=$?",
    "kill -- -$w 2>/dev/null",
    // The exit status also travels as a last stderr line: without it, ssh's 255 means the connection failed.
    `printf '\\037${EXIT_MARK.slice(1)}%d\\n' "$s" >&3`,
    "exit $s",
  ].join("\n");
  return `exec bash -c ${quote(script)}`;
}
