import { existsSync } from "node:fs";
import { isIP } from "node:net";
import { sshAtLeast } from "../resolve/ssh-version.ts";
import { pubkeyList } from "./pubkey-algorithms.ts";

// Options native does exactly as ssh does, and values of others that change nothing (their defaults, or what only
// matters to an interactive or a forwarding session, neither of which dk opens).
export const DONE = new Set([
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
  "tcpkeepalive",
  "compression",
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
  // Host keys and the user's keys both (host-key-check.ts, pubkey-algorithms.ts).
  "requiredrsasize",
]);
export const HARMLESS: Record<string, (value: string) => boolean> = {
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
  // Under QUIET and FATAL ssh keeps back some failures' words (a refused connection's), native does not.
  loglevel: (v) => /^(error|info)$/i.test(v),
  // Its fingerprint and randomart on every connection are ssh's to draw.
  visualhostkey: (v) => /^(no|false)$/i.test(v),
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
  // A key file native logs in with is added to the agent as by ssh (add-to-agent.ts); `ask` is ssh's question.
  addkeystoagent: (v) => v.toLowerCase() !== "ask",
  // Apple's ssh keeps key passphrases in the Keychain: only a key ssh asks one for uses it, and such a key goes to ssh.
  usekeychain: () => true,
  // What may sign certificates, and native takes none (host certificates and keys with one go to openssh).
  casignaturealgorithms: () => true,
  // Keys of the types it names are offered, as by ssh (identities.ts); an RSA key signs as ssh's (rsa-signature.ts).
  pubkeyacceptedalgorithms: (v) => pubkeyList(v) !== undefined,
  // Read only for HostbasedAuthentication yes, or for GSSAPIKeyExchange yes (a distribution's patch): both go to ssh.
  hostbasedacceptedalgorithms: () => true,
  gssapikexalgorithms: () => true,
  gssapikeyexchange: (v) => /^(no|false)$/i.test(v),
  // Their defaults, as hardened configs spell them out.
  canonicalizehostname: (v) => /^(no|false)$/i.test(v),
  verifyhostkeydns: (v) => /^(no|false)$/i.test(v),
  knownhostscommand: (v) => v.toLowerCase() === "none",
  pkcs11provider: (v) => v.toLowerCase() === "none",
  smartcarddevice: (v) => v.toLowerCase() === "none",
  securitykeyprovider: (v) => v === "internal",
  // An address native binds to as ssh does (tcp.ts); a name is ssh's to look up.
  bindaddress: (v) => isIP(v) !== 0,
  // Read only for a login ssh makes under HostbasedAuthentication yes, or through a ProxyCommand: both go to ssh.
  enablesshkeysign: () => true,
  proxyusefdpass: () => true,
  // Long gone, or of SSH protocol 1, which ssh takes and ignores (only -v says so): nothing to an SSH-2 connection.
  // Protocol chose SSH-1 before OpenSSH 7.6 where it lists 1 first.
  useroaming: () => true,
  cipher: () => true,
  fallbacktorsh: () => true,
  usersh: () => true,
  protocol: (v) => v.startsWith("2") || sshAtLeast(7, 6),
};
// Forwardings, which ClearAllForwardings (dk's default, see sessionOptions) leaves unopened (a tunnel too), and what
// only they read.
export const FORWARDS = new Set([
  "localforward",
  "remoteforward",
  "dynamicforward",
  "tunnel",
  "tunneldevice",
  "gatewayports",
  "streamlocalbindmask",
  "streamlocalbindunlink",
]);
// Read only when CanonicalizeHostname is not no.
export const CANONICAL = new Set([
  "canonicaldomains",
  "canonicalizefallbacklocal",
  "canonicalizemaxdots",
  "canonicalizepermittedcnames",
]);

// GSSAPI only changes a login when there is a Kerberos ticket to offer: without one ssh moves on to the next method.
function kerberosTicket(): boolean {
  const cache = process.env.KRB5CCNAME;
  if (cache !== undefined && cache !== "") return true;
  return process.getuid !== undefined && existsSync(`/tmp/krb5cc_${process.getuid()}`);
}
