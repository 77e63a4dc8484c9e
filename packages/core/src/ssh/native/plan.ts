import { existsSync } from "node:fs";
import { isIP } from "node:net";
import { askpassRuns } from "../askpass.ts";
import { identityPath } from "../resolve/resolve.ts";
import type { ResolvedSsh } from "../resolve/resolved.ts";
import { bindsInterfaceAsSsh } from "./bind-interface.ts";
import { entriesFor, knownHostsName, markerIn } from "./known-hosts.ts";
import { revokedKeys } from "./revoked.ts";
import { CANONICAL, DONE, FORWARDS, HARMLESS } from "./option-table.ts";
import { asksBeforeKeys } from "./password-prompt.ts";

/**
 * Why native would not connect to `resolved` exactly as ssh would (the option, and where it was set), or undefined when
 * it would.
 */
export function whyOpenssh(resolved: ResolvedSsh): string | undefined {
  if (resolved.openssh !== undefined) return resolved.openssh;
  // ssh refuses such a user name (valid_ruser) before it connects, in its own words.
  if (/^-|['`";&<>|(){}]|\s-|\\$/.test(resolved.user)) return `user ${resolved.user}`;
  const cleared = /^(yes|true)$/i.test(resolved.options.get("clearallforwardings")?.[0] ?? "");
  const canonical = !/^(no|false)$/i.test(resolved.options.get("canonicalizehostname")?.[0] ?? "no");
  for (const [keyword, args] of resolved.options) {
    if ((cleared && FORWARDS.has(keyword)) || (!canonical && CANONICAL.has(keyword))) continue;
    const value = args.join(" ");
    if (keyword === "controlpath" && unusedControlPath(resolved, value)) continue;
    if (keyword === "bindinterface" && bindsInterfaceAsSsh(resolved, value)) continue;
    if (keyword === "checkhostip" && hostIpUnchecked(resolved)) continue;
    if (keyword === "revokedhostkeys" && revokedKeys(value) !== undefined) continue;
    const harmless = HARMLESS[keyword];
    if (harmless ? !harmless(value) : !DONE.has(keyword)) return `${keyword} ${value}`;
  }
  const { userKnownHostsFiles: user, globalKnownHostsFiles: global } = resolved;
  // `none` is no file to ssh (whatever its case): with no user file, it trusts only the global ones, whatever mode.
  const none = (files: readonly string[]) => files.some((file) => file.toLowerCase() === "none");
  if (none(user)) return "userknownhostsfile none";
  if (none(global)) return "globalknownhostsfile none";
  const files = [...user, ...global];
  return markerIn(files, knownHostsName(resolved)) ?? asksForKey(resolved, files) ?? asksBeforeKeys(resolved);
}

// Under StrictHostKeyChecking ask, ssh (which has no terminal under dk) asks an askpass program whether to accept a key
// that no known_hosts file holds for the host, and goes on when told yes; native can only refuse it.
function asksForKey(resolved: ResolvedSsh, files: readonly string[]): string | undefined {
  if (resolved.strictHostKeyChecking !== "ask" || resolved.batchMode || !askpassRuns()) return undefined;
  const name = knownHostsName(resolved);
  if (entriesFor(files, name).some((entry) => entry.marker === undefined)) return undefined;
  return `stricthostkeychecking ask (ssh asks SSH_ASKPASS whether to accept ${name}'s key, which no known_hosts holds)`;
}

// Under ControlMaster no, ssh uses a master that listens at ControlPath, else connects itself, as native does (Home
// Manager's default configuration): the same while nothing is there.
function unusedControlPath(resolved: ResolvedSsh, path: string): boolean {
  if (!/^(no|false)$/i.test(resolved.options.get("controlmaster")?.[0] ?? "no") || path.includes("$")) return false;
  try {
    return !existsSync(identityPath(resolved, path));
  } catch {
    return false;
  }
}

// Where ssh's CheckHostIP checks nothing (sshconnect.c check_host_key): through a jump host (ssh's ProxyCommand), to a
// loopback address, or to an address on port 22, which is then the name itself. Only a name's address needs it.
function hostIpUnchecked({ hostname, port, proxyJump }: ResolvedSsh): boolean {
  if (proxyJump !== undefined) return true;
  const family = isIP(hostname);
  if (family === 0) return false;
  const loopback = family === 4 ? hostname.startsWith("127.") : hostname === "::1";
  return loopback || port === 22;
}
