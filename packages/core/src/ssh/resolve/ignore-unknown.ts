import { sshG } from "../ssh-g.ts";
import { resolveSsh } from "./resolve.ts";
import type { ResolvedSsh } from "./resolved.ts";

const known = new Map<string, Promise<boolean>>();

/**
 * Whether this ssh knows `keyword`: it refuses a line of one it does not by that name (readconf.c's "Bad configuration
 * option"). Asked once per keyword and process; where ssh cannot be asked, known (its lines are taken).
 */
export function sshKnows(keyword: string): Promise<boolean> {
  let answer = known.get(keyword);
  if (answer === undefined) {
    answer = sshG(["-F", "/dev/null", "-o", `${keyword}=x`], "localhost").then(
      ({ code, stderr }) => code !== 255 || !stderr.includes(`Bad configuration option: ${keyword}`),
    );
    known.set(keyword, answer);
  }
  return answer;
}

/**
 * resolveSsh, less the lines ssh skips: those IgnoreUnknown names whose keyword this ssh does not know. What ssh knows
 * differs between versions and builds (Apple's UseKeychain), so ssh itself is asked, and only about those keywords.
 */
export async function resolveAsSsh(host: string, argv: readonly string[]): Promise<ResolvedSsh> {
  const resolved = resolveSsh(host, argv);
  if (resolved.ignorable.length === 0) return resolved;
  const answers = await Promise.all(resolved.ignorable.map(sshKnows));
  const unknown = new Set(resolved.ignorable.filter((_keyword, i) => !answers[i]));
  return unknown.size === 0 ? resolved : resolveSsh(host, argv, unknown);
}
