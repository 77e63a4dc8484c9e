import { askpassRuns } from "../askpass.ts";
import type { ResolvedSsh } from "../resolve/resolved.ts";

const NO = /^(no|false)$/i;
// The methods ssh asks a person for (sshconnect2.c), each with the option that turns it off.
const ASKED = [
  ["keyboard-interactive", "kbdinteractiveauthentication"],
  ["password", "passwordauthentication"],
] as const;

/**
 * Why ssh, its keys refused, would go on to ask an askpass program for what a method the server still allows (`left`)
 * needs, or undefined where it would ask nothing: in batch mode (where ssh skips both), without an askpass program
 * (dk then passes PasswordAuthentication no), under NumberOfPasswordPrompts 0, or with those methods off or not
 * among PreferredAuthentications. Native logs in with keys alone.
 */
export function asksForPassword(resolved: ResolvedSsh, left: readonly string[]): string | undefined {
  const asked = prompted(resolved).filter((method) => left.includes(method));
  if (asked.length === 0) return undefined;
  return `the host takes ${asked.join(" or ")} after the keys it refused, which ssh asks SSH_ASKPASS for`;
}

/**
 * Why ssh would ask an askpass program before it offers a key (PreferredAuthentications puts such a method first), on
 * a host that takes it, where native logs in with the key: the host is ssh's. Undefined where ssh asks nothing first.
 */
export function asksBeforeKeys(resolved: ResolvedSsh): string | undefined {
  const preferred = resolved.options.get("preferredauthentications")?.[0];
  const order = preferred?.split(",") ?? [];
  const first = prompted(resolved).filter((method) => order.indexOf(method) < order.indexOf("publickey"));
  if (preferred === undefined || first.length === 0) return undefined;
  return `preferredauthentications ${preferred} (ssh asks SSH_ASKPASS for ${first.join(" or ")} before the keys)`;
}

// The methods ssh would ask an askpass program for, in no order.
function prompted(resolved: ResolvedSsh): string[] {
  if (resolved.batchMode || !askpassRuns()) return [];
  const option = (keyword: string) => resolved.options.get(keyword)?.[0];
  if (Number(option("numberofpasswordprompts") ?? 3) === 0) return [];
  const preferred = option("preferredauthentications")?.split(",");
  return ASKED.filter(
    ([method, keyword]) => !NO.test(option(keyword) ?? "yes") && (preferred?.includes(method) ?? true),
  ).map(([method]) => method);
}
