import { oneLine, quoteAnyShell } from "../run/quote.ts";

// sshd hands a command to the login shell, whichever it is: sh, bash, zsh, ksh, fish, csh or tcsh. dk's line reads
// alike in all of them. `set __dk_line = WORD BASH_VERSION FISH_VERSION` puts the script (WORD, see quoteAnyShell) in
// $3 in a POSIX shell (positional parameters), in $__dk_line[2] in fish (a list), and in $__dk_line in csh, which
// also gets the two names set, empty: csh stops at a variable it does not know. Each shell then passes the tests up to
// its own: bash evals the script, the others exec a bash with it (csh after the two tests that fail there, on its own
// `$shell`; `test` is a program to csh, but csh is rare).
const HEAD = "set __dk_line = ";
const BRANCHES = [
  'test -n "$BASH_VERSION" && eval "$3"',
  'test -n "$FISH_VERSION" && exec bash -c "$__dk_line[2]"',
  'test -n "$shell" && exec bash -c "$__dk_line"',
  'exec bash -c "$3"',
].join("; ");
// BSD csh's exec leaves its copies of stdin, stdout and stderr open (fds 3 to 5 in Debian's, 15 to 19 in the BSD
// original), which a job the command leaves running would hold: the session would not end before it. sshd gives a
// shell no other fd.
const CLOSE = `exec ${Array.from({ length: 17 }, (_, i) => `${i + 3}>&-`).join(" ")}`;

/**
 * The line that runs `script` in the login shell itself when that is bash, else in a bash it execs: each bash
 * start-up costs the host a process image and, with Debian's bash run by sshd, a read of ~/.bashrc. bash leaves POSIX
 * mode in place (the login shell is bash as sh, or POSIXLY_CORRECT is set), where an exec'd bash would be in it again.
 * A one-line script keeps bash's line numbers those of the command (its first line is line 1); one of several lines
 * is eval'd from one (no quoting of a newline reads alike in every shell). Pure.
 */
export function inBash(script: string): string {
  const body = script.includes("\n") ? `eval ${oneLine(script)}` : script;
  const word = quoteAnyShell(`set +o posix; set --; ${CLOSE}; ${body}; exit`);
  return `${HEAD}${word} BASH_VERSION FISH_VERSION; ${BRANCHES}`;
}

/** `line` (an inBash line) with the one-line bash `text` run first: quoted words that touch are one word. Pure. */
export function bashFirst(line: string, text: string): string {
  if (!line.startsWith(HEAD)) throw new TypeError(`Expected a line made by inBash, got ${JSON.stringify(line)}`);
  return `${HEAD}${quoteAnyShell(text)}${line.slice(HEAD.length)}`;
}
