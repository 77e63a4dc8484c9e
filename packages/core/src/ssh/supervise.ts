import { quote } from "../run/quote.ts";
import { exitMark } from "./exit-mark.ts";
import { GUARD_VAR, READ, stopMark, TOKEN_VAR } from "./script-words.ts";
import { sessionWatch, stopGroup } from "./session-watch.ts";
import { unframe } from "./unframe.ts";

// bash, whatever the login shell is: dash, for one, cannot give jobs their own process groups without a tty.
// A `set -e`, `set -u` or ERR trap of the host's ~/.bashrc holds here too, and holds for the command as under plain
// ssh: each of dk's own steps that may fail is the test of an `if` or followed by `|| :`, so none ends a watchdog
// early (a timed-out command would be left running) or runs the trap.
/**
 * The bash script that runs `payload` so that its whole process group is killed when ssh's stdin closes, which is what
 * happens when the local ssh client dies (timeout, Ctrl-C, lost controller): nothing is left behind on the host.
 * `starter`: the payload starts the command's shell itself (sudo's bash) and may read the supervisor's variables. Run
 * other than in the login shell (by sudo), its `$1` and `$2` are that shell's pid and its parent's (see sessionWatch).
 * Pure.
 */
export function supervise(payload: string, input: boolean, nonce: string, cwd?: string, starter = false): string {
  const mark = printfMark(nonce);
  // The payload is run from a variable, which it unsets first: the command sees no variable of the supervisor's.
  const held = `__dk_c=${quote(`unset __dk_c; ${payload}`)}`;
  // What precedes the payload shares its line: bash's messages then number the command's lines from 1, as before.
  const head = [
    ...(cwd === undefined ? [] : [enter(cwd, mark)]),
    // Without input nothing comes on stdin but its end, which is the run's stop: one that came while the session was
    // starting (its ~/.bashrc) means the command never starts, rather than for as long as the watchdog takes.
    ...(input ? [] : ["if read -t 0; then exit 143; fi"]),
    held,
    `if kill -0 -- -$$ 2>/dev/null; then ${asLeader(mark, input)}; eval "$__dk_c"; ${QUIET_EXIT}; fi`,
    // Only a session leader's command uses the guardian: the other ways keep their own watchdog, and no variable.
    `unset ${GUARD_VAR} ${TOKEN_VAR}`,
    "set -m",
    // The shell's own stderr (job notices) goes nowhere; the payload keeps the real one as fd 3.
    "exec 3>&2 2>/dev/null",
    ...(input ? withInput(job(starter)) : [`{ ${job(starter)}; } </dev/null 2>&3 3>&- &`]),
  ].join("; ");
  return joinLines([
    head,
    input ? "p=$P_PID" : "p=$!",
    ...(input ? INPUT_FDS : []),
    `{ ${input ? unframe(5, sessionWatch("$p", "$1", "$2")) : `${READ} -r _ || :`}; ` +
      "kill -TERM -- -$p && sleep 5 && kill -KILL -- -$p; } " +
      ">/dev/null 3>&- &",
    "w=$!",
    ...(input ? ["exec 5>&-"] : []),
    "s=0; wait $p || s=$?",
    "kill -- -$w 2>/dev/null || :",
    // The exit status also travels as a marked stderr line: without it, ssh's 255 means the connection failed.
    `printf '${mark}' "$s" >&3`,
    "exit $s",
  ]);
}

// `cd` to `cwd` (a shell word), in the supervisor before anything else; if that fails, the mark says why, by builtins
// only. An exported CDPATH would send a relative cwd elsewhere, and have cd print where it went; `builtin`: a `cd`
// function of the host's ~/.bashrc (one that lists the directory, rvm's) would run, and print, in its place.
function enter(cwd: string, mark: string): string {
  const why = `if [ ! -e ${cwd} ]; then s=256; elif [ ! -d ${cwd} ]; then s=257; else s=258; fi`;
  return `CDPATH= builtin cd -- ${cwd} 2>/dev/null || { ${why}; printf '${mark}' "$s" >&2; exit 127; }`;
}

// The mark as a printf format for the status, written `\037`: the script's text itself holds no mark.
function printfMark(nonce: string): string {
  return `\\037${exitMark(nonce).slice(1)}%d\\n`;
}
// The exit after a command run in the login shell itself, with its status, traced by no `set -x` of the command's.
const QUIET_EXIT = "{ __dk_s=$?; set +x; } 2>/dev/null; exit $__dk_s";

// The signals that end a shell by default and that it may catch, by number (Linux): HUP, QUIT, ILL, TRAP, ABRT, BUS,
// FPE, USR1, SEGV, USR2, PIPE, ALRM, XCPU, XFSZ, VTALRM, SYS. Not INT (see INT_TRAP). Not TERM, a stop's signal: a
// shell that traps it waits for its command, and bash then prints "Terminated" as the command's output; untrapped, it
// ends at once, as locally, after the EXIT trap reported its status, so ssh's 255 after a report means TERM
// (SHELL_TERMINATED).
const CAUGHT = "1 3 4 5 6 7 8 10 11 12 13 14 24 25 26 31";

// INT ends the shell (130) as bash decides without a trap: unless a program it waited for took INT and exited (then it
// goes on). A status of 130 is a command INT killed; a command that is no program (a builtin, a function) had none.
const INT_TRAP =
  'if { [ $? = 130 ] || ! [ "$(type -t -- "${BASH_COMMAND%%[[:space:]]*}")" = file ]; } 2>/dev/null; ' +
  "then { set +ex; } 2>/dev/null; exit 130; fi";

// The supervisor's words for its guardian's list and its token there.
const [LIST, TOKEN] = [`$${GUARD_VAR}`, `$${TOKEN_VAR}`];

// sshd starts the login shell as a session leader (setsid), so the group it leads holds all the command starts. Then
// the command runs in that shell itself, with one process beside it: a watchdog, out of the shell's jobs (`wait` does
// not wait for it), that kills the group when stdin closes, and is killed when the shell exits. A fork fewer than a
// job of its own needs, which on a busy host is most of what the supervisor costs. An explicit `<&0`: without job
// control a background job's stdin would be /dev/null.
// Under the connection's guardian (see guardian.ts) there is no fork at all: the shell appends its token and pid to the
// guardian's list, a builtin's write, and the guardian stops the group. If that write fails, the watchdog it is.
// With input, the watchdog also unframes it into a pipe that is the shell's stdin (see withInputWatchdog).
const asLeader = (mark: string, input: boolean): string =>
  [
    ...(input
      ? withInputWatchdog()
      : [
          `if { [ -n "\${${GUARD_VAR}-}" ] && printf '+%s %s\\n' "${TOKEN}" $$ >>"${LIST}"; } 2>/dev/null`,
          // Registered: a stop that reached the guardian before that left its mark, and the command does not start.
          `then [ -e "${stopMark(LIST, TOKEN)}" ] || [ -e "${stopMark(LIST)}" ] && exit 143; __dk_w=`,
          `else { ${watchdog(`${READ} -r _ || :`)}; } <&0 >/dev/null 2>&1 & disown; __dk_w=$!; fi`,
          "exec </dev/null",
        ]),
    `unset ${GUARD_VAR} ${TOKEN_VAR}`,
    // A command's `set -e` and `set -x` would hold in the trap too (kill fails when there is no watchdog to kill).
    `trap '{ __dk_s=$?; set +ex; } 2>/dev/null; kill '$__dk_w' 2>/dev/null || :; ` +
      `printf '\\''${mark}'\\'' "$__dk_s" >&2' EXIT`,
    // A signal the shell may catch ends it with 128 + its number, as bash reports a killed command: killed by it, the
    // shell would run the trap above first (reporting the last status), and ssh would say 255 for the signal.
    `for __dk_n in ${CAUGHT}; do trap "{ set +ex; } 2>/dev/null; exit $((128 + __dk_n))" $__dk_n; done`,
    `trap ${quote(INT_TRAP)} INT`,
    "unset __dk_w __dk_n",
  ].join("; ");

// The watchdog with input: a process substitution's job, which says its pid first, then unframes the input into the
// pipe; `wait` waits for a process substitution, but not for the job it left (nor did it start the command's `$!`).
// While it does, the session's end is also watched for otherwise (see sessionWatch).
function withInputWatchdog(): string[] {
  const unframing = `printf '%s\\n' "$BASHPID"; ${unframe(1, sessionWatch("$$", "$$", "$PPID"))}`;
  return [`exec < <({ ${watchdog(unframing)}; } <&0 2>/dev/null &)`, `IFS= ${READ} -r __dk_w || :`];
}

// After `wait` (stdin's end), unless the shell has exited already: its group is stopped.
function watchdog(wait: string): string {
  return [wait, "kill -0 $$ || exit", stopGroup("$$")].join("; ");
}

// Lines as one: `;` between them, or only a space after one that ends in `&`.
function joinLines(lines: readonly string[]): string {
  return lines
    .map((line, i) => (i === lines.length - 1 ? line : line.endsWith("&") ? `${line} ` : `${line}; `))
    .join("");
}

// A job runs the payload in a bash of its own: its `$$` is then the command's shell, as in every other way (the
// supervisor's, a subshell's, would outlive a `kill $$`). A starter's job is a subshell, which keeps its variables.
function job(starter: boolean): string {
  return starter ? 'set +m; eval "$__dk_c"' : 'exec "$BASH" -c "$__dk_c" bash';
}

// The payload as a job reading a pipe (a coprocess: its own process group, like any job), whose write end is fd 5.
function withInput(run: string): string[] {
  return ["exec 4>&1", `coproc P { { ${run}; } >&4 2>&3 3>&- 4>&-; }`];
}
const INPUT_FDS = ['exec 5>&"${P[1]}" 4>&-', 'eval "exec ${P[1]}>&- ${P[0]}<&-"'];
