import { posix } from "node:path";
import path from "node:path";
import { quoteArgv } from "./run/quote.ts";
import { expandHome } from "./transfer/paths.ts";
import type { Command } from "./types.ts";

type Layered = {
  readonly cwd?: string | undefined;
  readonly env?: Readonly<Record<string, string>> | undefined;
  readonly prefix?: string | undefined;
};

/** Whose paths a `cwd` is: a remote host's (POSIX) or this machine's. */
export type PathKind = "remote" | "local";

/**
 * `given` over `outer`, as a nested `with` (or a call within one) sees them: a relative `cwd` joins the outer one, an
 * absolute one replaces it (so does `~`: a local one is expanded to $HOME here); `env` merges; prefixes chain;
 * anything else given wins.
 */
export function layer<O extends Layered, I extends Layered>(outer: O, given: I, paths: PathKind): O & I {
  // A local `~` is this machine's home, as a shell (and a transfer's local path) reads it; a host expands its own.
  const inner = paths === "local" && given.cwd !== undefined ? { ...given, cwd: expandHome(given.cwd) } : given;
  const merged: Record<string, unknown> = { ...outer };
  // An option given as undefined is an option not given: it must not erase a default.
  for (const [key, value] of Object.entries(inner)) if (value !== undefined) merged[key] = value;
  if (outer.cwd !== undefined && inner.cwd !== undefined) merged.cwd = joinCwd(outer.cwd, inner.cwd, paths);
  if (outer.env !== undefined && inner.env !== undefined) merged.env = { ...outer.env, ...inner.env };
  if (outer.prefix !== undefined && inner.prefix !== undefined)
    merged.prefix = `${bare(outer.prefix)} && ${bare(inner.prefix)}`;
  return merged as O & I;
}

function joinCwd(outer: string, inner: string, paths: PathKind): string {
  if (paths === "local") return path.isAbsolute(inner) ? inner : path.join(outer, inner);
  // On a host a leading `~` is the home, as absolute as `/`: `cd ~` in a shell goes there from anywhere.
  if (posix.isAbsolute(inner) || atHome(inner)) return inner;
  const joined = posix.join(outer, inner);
  // `join` would cancel `~/..` out to `.` (the login directory): the parent of the home stays relative to `~`.
  return atHome(outer) && !atHome(joined) ? `${outer}/${inner}` : joined;
}

// `~` or `~/…`: the home of whoever runs the command (`~user` is no such path).
function atHome(cwd: string): boolean {
  return cwd === "~" || cwd.startsWith("~/");
}

/**
 * A prefix written with its trailing `&&` (`source venv/bin/activate &&`) or `;`, or without either, means the same:
 * `&&` cannot follow a `;`, so one kept would make every command a syntax error. An escaped `\;` is a word and stays.
 */
export function withoutAnd(prefix: string): string {
  return prefix
    .trim()
    .replace(/(&&|(?<!\\);)$/, "")
    .trimEnd();
}

// The prefix, ready for `&&` and what follows: a comment, a second line or a trailing `&` (which `&&` cannot follow)
// is closed off in braces, so that none swallows the command or breaks it.
function bare(prefix: string): string {
  const line = withoutAnd(prefix);
  return /[#\n]|(^|[^&])&$/.test(line) ? `{ ${line}\n}` : line;
}

/**
 * The command that runs after `prefix` in one shell, and only if it succeeds: a string as written (in braces, so its
 * own `;` and `||` stay behind the prefix), an argv quoted once per element. Unchanged without a prefix.
 */
export function prefixed(command: Command, prefix: string | undefined): { run: Command; display: string | undefined } {
  if (prefix === undefined) return { run: command, display: undefined };
  const body = typeof command === "string" ? `{ ${command}\n}` : quoteArgv(command);
  const shown = typeof command === "string" ? command : quoteArgv(command);
  return { run: `${bare(prefix)} && ${body}`, display: `${bare(prefix)} && ${shown}` };
}
