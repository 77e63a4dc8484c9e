import { resolve } from "node:path";
import { LoadError } from "./errors.ts";
import { shownPath } from "./format/display-path.ts";
import type { LoadProblem } from "./types.ts";
import { ownerProblem, walkTo } from "./private-dir.ts";

/**
 * Why dk must not take `file` (a tasks file to run, a config that sets its flags) as the user's own, or undefined:
 * it must be a regular file of this user (or root) that no one else can write, and every directory and symlink on the
 * way to it too, so that no other user can have put it there or swap it afterwards (sticky directories, as /tmp,
 * excepted: there no one can replace another's file). Run as root by sudo, the sudo user's files count as root's own.
 */
export function untrustedFileProblem(file: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const me = process.geteuid?.();
  // No user ids (Windows): nothing to check against.
  if (me === undefined) return undefined;
  const sudoUser = me === 0 && /^\d+$/.test(env.SUDO_UID ?? "") ? [Number(env.SUDO_UID)] : [];
  const owners = [me, 0, ...sudoUser];
  const end = walkTo(resolve(file), owners);
  const problem =
    "problem" in end
      ? end.problem
      : end.stats.isFile()
        ? ownerProblem(end.path, end.stats, owners)
        : `${shownPath(end.path)} is not a regular file`;
  // Said of the file itself, the message names it already.
  const named = shownPath(resolve(file));
  return problem?.startsWith(`${named} `) ? `it${problem.slice(named.length)}` : problem;
}

/**
 * The problem to report for `file` when untrustedFileProblem refuses it, else undefined: what dk did not do with it
 * (`not run`), why, the rule it broke, and what to do if it is someone else's (`ifNotYours`) or the user's own.
 */
export function untrustedFile(
  file: string,
  refused: string,
  rule: string,
  ifNotYours: string,
): LoadProblem | undefined {
  const problem = untrustedFileProblem(file);
  if (problem === undefined) return undefined;
  const own = "if it is yours, chown it to you and chmod go-w it (and the directories above it)";
  return { file, message: `${refused}: ${problem}; ${rule}: if it is not yours, ${ifNotYours}; ${own}` };
}

/** Throws a LoadError for `file` when untrustedFileProblem refuses it (see untrustedFile). */
export function refuseUntrusted(file: string, refused: string, rule: string, ifNotYours: string): void {
  const problem = untrustedFile(file, refused, rule, ifNotYours);
  if (problem !== undefined) throw new LoadError(problem);
}
