import { quote } from "../run/quote.ts";
import { inBash } from "./login-shell.ts";
import { READ, stopMark } from "./script-words.ts";

/** What the guardian is told on its stdin, one line each: stop a command (TERM now, KILL later), or forget it. */
export const guardianMessage = {
  stop: (token: number) => `t ${token}\n`,
  done: (token: number) => `d ${token}\n`,
} as const;

// `stop [TOKEN]`: TERM the group of command TOKEN in list $l (of every command, without one) while its shell is there,
// and KILL what is left 5 s later. Commands in `gone` (ended, or stopped already) are left alone. It first leaves its
// mark beside the list (stopMark), which a command that registers later finds: a stop that came before its command's
// shell got to register is then not lost, whichever of the two went first. The host's ~/.bashrc options hold (it runs
// in the login shell's bash): `>|` for a noclobber, steps that may fail in lists for a `set -e`.
const STOP = [
  "declare -A gone",
  "stop() {",
  "  local t p g=()",
  `  if [ $# = 0 ]; then : >|"${stopMark("$l")}"; else : >|"${stopMark("$l", "$1")}"; fi`,
  "  while read -r t p; do",
  "    t=${t#+}",
  '    [ -z "${gone[$t]-}" ] && { [ $# = 0 ] || [ "$t" = "$1" ]; } && kill -0 "$p" || continue',
  '    kill -TERM -- "-$p" && g+=("-$p")',
  '  done <"$l"',
  '  [ ${#g[@]} = 0 ] || { sleep 5; kill -s KILL -- "${g[@]}"; } &',
  "}",
];

// How the guardian ends, short of SIGKILL: it stops its commands (nothing else could, once its list is gone) and
// removes its directory. On a signal that ends a shell (not ALRM: bash's `read -t` may use it) as at stdin's end.
const END = [
  'end() { stop; rm -rf -- "$d"; }',
  "for n in 1 2 3 10 12 13 15; do trap \"trap '' 1 2 3 10 12 13 15; end; exit $((128 + n))\" $n; done",
];

// A guardian killed with SIGKILL (a host ending every process of its user) leaves its directory: each start removes
// those of this user whose guardian, named in its `owner` file, is gone, with no command registered there still
// running (its stop would need the list). Only a real directory (no symlink) of this user, private as mktemp makes
// it. One of a guardian on another machine or container sharing the directory names another HOSTNAME: its pid means
// nothing here. One killed before it wrote its owner left an empty directory: removed once a minute old (a guardian
// writes its owner at once). The glob always matches: this guardian's own directory is there.
const SWEEP = [
  "sweep() {",
  "  local e p h t q",
  '  for e in "${d%/*}"/dk-guard.*; do',
  '    [ "$e" != "$d" ] && [ -d "$e" ] && [ ! -L "$e" ] && [ -O "$e" ] || continue',
  '    if [ ! -e "$e/owner" ]; then',
  '      [ -n "$(find "$e" -maxdepth 0 -empty -perm 700 -mmin +1 2>/dev/null)" ] && rmdir -- "$e" 2>/dev/null',
  "      continue",
  "    fi",
  '    read -r p h <"$e/owner" || continue',
  '    case $p in "" | *[!0-9]*) continue ;; esac',
  '    [ "$h" = "$HOSTNAME" ] && ! kill -0 "$p" || continue',
  '    while read -r t q; do kill -0 "$q" && continue 2; done <"$e/list" || :',
  '    case $(LC_ALL=C ls -ld -- "$e") in drwx------*) rm -rf -- "$e" ;; esac',
  "  done",
  "}",
];

/**
 * The script of a connection's guardian: one process on the host that stops the process groups of the connection's
 * commands, so that they need no watchdog each (a fork per command, the most a short command costs a busy host).
 * It prints the file its commands append `+TOKEN PID` to (in a private directory of its own), then reads its stdin:
 * `t TOKEN` stops that command's group, `d TOKEN` forgets a command that ended. At stdin's end (the connection is gone:
 * dk exited, or was killed, or the network went) or on a signal that ends it, it stops every command still running,
 * and removes its directory; one killed with SIGKILL leaves it to the next guardian of its user there (SWEEP).
 * A group is signalled only while its leader, the command's shell, is still there: an ended command's background jobs
 * stay, as they do without a guardian. Stopping is TERM, then KILL 5 s later to what is left. Pure.
 */
export function guardianScript(): string {
  return inBash(
    [
      ...STOP,
      ...SWEEP,
      'd=$(mktemp -d "${TMPDIR:-/tmp}/dk-guard.XXXXXXXXXX") || exit',
      // The owner first: a directory without one is only ever an empty one (see SWEEP).
      'printf "%s %s\\n" $$ "$HOSTNAME" >"$d/owner" || :',
      'l=$d/list; : >"$l" || exit',
      ...END,
      'printf "%s\\n" "$l"',
      "exec >/dev/null 2>&1",
      "sweep || :",
      `while ${READ} -r m t; do`,
      '  case $m in t) stop "$t"; gone[$t]=1 ;; d) gone[$t]=1 ;; esac',
      "done",
      "end",
    ].join("\n"),
  );
}

/**
 * The stop of command `token` of the guardian whose list is `list`, done by a session of its own: for when the
 * guardian is no longer there to be told (its host killed it), as it would have done it. Its KILL, 5 s later, holds
 * none of the session's streams, so the session ends at once. Pure.
 */
export function guardianStopScript(list: string, token: number): string {
  return inBash([`l=${quote(list)}`, "exec </dev/null >/dev/null 2>&1", ...STOP, `stop ${token}`].join("\n"));
}
