import { quoteArgv } from "@deploykit/core";

/**
 * Where the reboot command, run detached on the host, leaves its output and exit status (`file`), and the boot id the
 * host had when it was sent: a command that refuses (an inhibitor, no permission, no init to talk to) is then seen at
 * the next boot-id read, not at the timeout.
 */
export type RebootStatus = { readonly file: string; readonly before: string };

/** The reboot command's exit status and last line of output, when it failed. */
export type Refusal = { readonly exitCode: number; readonly said: string | undefined };

// The line that ends the file once the command has returned.
const EXIT_MARK = "dk-reboot-exit";

/**
 * Shell lines, run as root, that start `command` after `delayS` seconds, detached, its output going to a new file that
 * the login user owns (sudo's SUDO_UID), whose path they print (without such a file, to /dev/null). The file goes when
 * the command succeeds; when it fails, its exit status ends the file, for `readWithStatus` to read and remove. It lies
 * in /dev/shm, a tmpfs every boot empties, so that a file nobody reads any more (dk stopped, the host never came back)
 * goes with the next boot; where there is none, in the temporary directory.
 */
export function startRecorded(command: string, delayS: number): string {
  return [
    'd=/dev/shm; [ -d "$d" ] && [ -w "$d" ] || d="${TMPDIR:-/tmp}"',
    's=$(mktemp "$d/dk-reboot.XXXXXXXXXX" 2>/dev/null) || s=',
    // Opened once, while root owns it: root may not open a file of the login user's in a sticky directory
    // (fs.protected_regular), and the exit status, written through it, does not make a file removed meanwhile again.
    '{ if [ -n "$s" ]; then if chown "${SUDO_UID:-0}" "$s" 2>/dev/null; then echo "$s"; else rm -f -- "$s"; s=; fi; fi',
    `(sleep ${delayS}; { ${command}; } </dev/null >&3 2>&1 3>&-; c=$?; if [ $c = 0 ]; then [ -z "$s" ] ||` +
      ` rm -f -- "$s"; else echo "${EXIT_MARK} $c" >&3; fi) </dev/null >/dev/null 2>&1 &`,
    '} 3>>"${s:-/dev/null}"',
  ].join("\n");
}

/** The status file `startRecorded` printed, if it printed one whole: a session cut short may end mid-line. */
export function statusFileOf(stdout: string): string | undefined {
  const line = stdout.endsWith("\n") ? stdout.slice(0, -1).split("\n").at(-1) : undefined;
  return line !== undefined && /^\/.*\/dk-reboot\.[A-Za-z0-9]{10}$/.test(line) ? line : undefined;
}

// Marks the boot id's line in what a read prints: a login that greets on stdout (a ~/.bashrc that echoes) prints first.
const ID_MARK = "dk-boot-id ";

/** A command that prints the boot id at `bootIdPath`, marked; it exits with cat's status when that fails. Pure. */
export const printBootId = (bootIdPath: string) => `id=$(cat ${bootIdPath}) || exit; echo "${ID_MARK}$id"`;

/** The boot id a read printed ("" when none) and the lines after it, whatever the login printed before. Pure. */
export function bootIdOf(stdout: string): { id: string; rest: string[] } {
  const lines = stdout.split("\n");
  const at = lines.findIndex((line) => line.startsWith(ID_MARK));
  return at === -1 ? { id: "", rest: [] } : { id: lines[at]!.slice(ID_MARK.length).trim(), rest: lines.slice(at + 1) };
}

/**
 * A command that prints the boot id (`bootIdPath`), then the status file while the host is still in the boot the
 * reboot was sent in; the file goes once it holds the exit status, or once the host booted anew (the command was
 * cut short by the reboot it started).
 */
export function readWithStatus(bootIdPath: string, status: RebootStatus): string {
  const [file, before] = [quoteArgv([status.file]), quoteArgv([status.before])];
  return (
    `${printBootId(bootIdPath)}; [ -f ${file} ] || exit 0; ` +
    // Read once: what is printed is what is judged, even when the exit status lands meanwhile.
    `if [ "$id" = ${before} ]; then s=$(cat -- ${file}) || exit 0; printf '%s\\n' "$s"; ` +
    `printf '%s\\n' "$s" | grep -q '^${EXIT_MARK} ' || exit 0; fi; rm -f -- ${file}`
  );
}

/** The refusal in what `readWithStatus` printed after the boot id: an exit status from 1 to 128. */
export function refusalOf(statusLines: readonly string[]): Refusal | undefined {
  const mark = statusLines.findIndex((line) => line.startsWith(`${EXIT_MARK} `));
  if (mark === -1) return undefined;
  const exitCode = Number(statusLines[mark]!.slice(EXIT_MARK.length + 1));
  // Killed by a signal (128 + its number): what a shutdown does to the command that started it, no refusal.
  if (!(exitCode >= 1 && exitCode <= 128)) return undefined;
  const said = statusLines
    .slice(0, mark)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .at(-1);
  return { exitCode, said };
}

/** A command that removes the status file: dk stopped reading it before the command ended. */
export function removeStatus(status: RebootStatus): string {
  return `rm -f -- ${quoteArgv([status.file])}`;
}
