import { existsSync } from "node:fs";
import { identityPath, type ResolvedSsh } from "../resolve/resolve.ts";
import { markerIn } from "./known-hosts.ts";

// Options native does exactly as ssh does, and values of others that change nothing (their defaults, or what only
// matters to an interactive or a forwarding session, neither of which dk opens).
const DONE = new Set([
  "hostname",
  "user",
  "port",
  "identityfile",
  "identitiesonly",
  "identityagent",
  "proxyjump",
  "userknownhostsfile",
  "globalknownhostsfile",
  "stricthostkeychecking",
  "connecttimeout",
  "connectionattempts",
  "serveraliveinterval",
  "serveralivecountmax",
  "batchmode",
  "hashknownhosts",
  "sendenv",
  "setenv",
  "requesttty",
  "passwordauthentication",
  "kbdinteractiveauthentication",
  "challengeresponseauthentication",
  "pubkeyauthentication",
  "updatehostkeys",
  "addkeystoagent",
  "tcpkeepalive",
  "compression",
  "visualhostkey",
  "forwardx11",
  "forwardx11trusted",
  "exitonforwardfailure",
  "controlpersist",
  "escapechar",
  "addressfamily",
  "hostkeyalias",
  // Where ssh finds xauth for X11 forwarding, which dk's sessions never ask for (ForwardX11=no).
  "xauthlocation",
  // Assembled as ssh does, or the host goes to openssh (algorithms.ts).
  "kexalgorithms",
  "ciphers",
  "macs",
  "hostkeyalgorithms",
]);
const HARMLESS: Record<string, (value: string) => boolean> = {
  controlmaster: (v) => /^(no|false)$/i.test(v),
  controlpath: (v) => v.toLowerCase() === "none",
  proxycommand: (v) => v.toLowerCase() === "none",
  gssapiauthentication: (v) => /^(no|false)$/i.test(v) || !kerberosTicket(),
  gssapidelegatecredentials: () => !kerberosTicket(),
  requesttty: (v) => /^(no|auto)$/i.test(v),
  forwardx11: (v) => /^(no|false)$/i.test(v),
  // A socket path (or `$VAR`) instead of yes or no is ssh's to forward.
  forwardagent: (v) => /^(yes|no|true|false)$/i.test(v),
  checkhostip: (v) => /^(no|false)$/i.test(v),
  loglevel: (v) => /^(quiet|fatal|error|info)$/i.test(v),
  // What dk sets for every session (config.ts sessionOptions), whatever a config file says.
  remotecommand: (v) => v.toLowerCase() === "none",
  sessiontype: (v) => v.toLowerCase() === "default",
  stdinnull: (v) => /^(no|false)$/i.test(v),
  forkafterauthentication: (v) => /^(no|false)$/i.test(v),
  clearallforwardings: () => true,
  permitlocalcommand: (v) => /^(no|false)$/i.test(v),
  // Run only under PermitLocalCommand yes, which goes to ssh (above).
  localcommand: () => true,
  // Native logs in by public key alone: the same where ssh tries that (first: gssapi is decided above).
  preferredauthentications: (v) => v.split(",").includes("publickey"),
  hostbasedauthentication: (v) => /^(no|false)$/i.test(v),
  // Only password logins ask, which native never makes; the packets' TOS bits change no outcome.
  numberofpasswordprompts: () => true,
  ipqos: () => true,
  // Which unknown keywords ssh skips: one that native does not know still sends the host to openssh.
  ignoreunknown: () => true,
  // Apple's ssh keeps key passphrases in the Keychain: only a key ssh asks one for uses it, and such a key goes to ssh.
  usekeychain: () => true,
  // What may sign certificates, and native takes none (host certificates and keys with one go to openssh).
  casignaturealgorithms: () => true,
  // ssh-rsa (SHA-1) signatures allowed as well, for a server that names no others: native falls back to them already.
  pubkeyacceptedalgorithms: (v) => v === "+ssh-rsa",
  pubkeyacceptedkeytypes: (v) => v === "+ssh-rsa",
};
// Forwardings, which ClearAllForwardings (dk's default, see sessionOptions) leaves unopened.
const FORWARDS = new Set(["localforward", "remoteforward", "dynamicforward"]);

/**
 * Why native would not connect to `resolved` exactly as ssh would (the option, and where it was set), or undefined when
 * it would.
 */
export function whyOpenssh(resolved: ResolvedSsh): string | undefined {
  if (resolved.openssh !== undefined) return resolved.openssh;
  // ssh refuses such a user name (valid_ruser) before it connects, in its own words.
  if (/^-|['`";&<>|(){}]|\s-|\\$/.test(resolved.user)) return `user ${resolved.user}`;
  const cleared = /^(yes|true)$/i.test(resolved.options.get("clearallforwardings")?.[0] ?? "");
  for (const [keyword, args] of resolved.options) {
    if (cleared && FORWARDS.has(keyword)) continue;
    const value = args.join(" ");
    if (keyword === "controlpath" && unusedControlPath(resolved, value)) continue;
    const harmless = HARMLESS[keyword];
    if (harmless ? !harmless(value) : !DONE.has(keyword)) return `${keyword} ${value}`;
  }
  const { userKnownHostsFiles: user, globalKnownHostsFiles: global } = resolved;
  // `none` is no file to ssh (whatever its case): with no user file, it trusts only the global ones, whatever mode.
  const none = (files: readonly string[]) => files.some((file) => file.toLowerCase() === "none");
  if (none(user)) return "userknownhostsfile none";
  if (none(global)) return "globalknownhostsfile none";
  return markerIn([...user, ...global]);
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

// GSSAPI only changes a login when there is a Kerberos ticket to offer: without one ssh moves on to the next method.
function kerberosTicket(): boolean {
  const cache = process.env.KRB5CCNAME;
  if (cache !== undefined && cache !== "") return true;
  return process.getuid !== undefined && existsSync(`/tmp/krb5cc_${process.getuid()}`);
}
