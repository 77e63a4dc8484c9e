import { keyTypeName } from "./key-blob.ts";

/** The known_hosts entry ssh names when a host's key changed. */
type Offending = { readonly type: string; readonly file: string; readonly line: number };

/** The lines ssh prints for each failure, so that one set of hints (ssh/hints.ts) explains both transports. */
export const say = {
  refused: (host: string, port: number) => `ssh: connect to host ${host} port ${port}: Connection refused`,
  timedOut: (host: string, port: number) => `ssh: connect to host ${host} port ${port}: Connection timed out`,
  banner: (host: string, port: number) =>
    `Connection timed out during banner exchange\nConnection to ${host} port ${port} timed out`,
  unresolved: (host: string, why = "Name or service not known") => `ssh: Could not resolve hostname ${host}: ${why}`,
  unreachable: (host: string, port: number, why: string) => `ssh: connect to host ${host} port ${port}: ${why}`,
  // A BindAddress that cannot be bound, or that is of the other family: the reason, then the connection's "failure".
  unbound: (address: string, why: string, host: string, port: number) =>
    `bind ${address}: ${why}\n${say.unreachable(host, port, "failure")}`,
  noInterfaceAddress: (name: string, host: string, port: number) =>
    `getifaddrs: ${name}: no suitable addresses\n${say.unreachable(host, port, "failure")}`,
  bindFamily: (address: string, host: string, port: number) =>
    `getaddrinfo: ${address}: Address family for hostname not supported\n${say.unreachable(host, port, "failure")}`,
  denied: (user: string, host: string, methods: readonly string[]) =>
    `${user}@${host}: Permission denied (${methods.join(",")}).`,
  lost: (host: string, port: number) => `Connection closed by ${host} port ${port}`,
  disconnected: (address: string, port: number, reason: number, why: string) =>
    `Received disconnect from ${address} port ${port}:${reason}: ${why}\nDisconnected from ${address} port ${port}`,
  closedBeforeIdent: () => "kex_exchange_identification: Connection closed by remote host",
  // A reset (RST) while ssh reads the server's identification.
  resetBeforeIdent: () => "kex_exchange_identification: read: Connection reset by peer",
  // What the server sent instead of an identification: what ssh said of it, then the banner exchange's error.
  identRefused: (refusal: { said: string; why: string }, address: string, port: number) =>
    `${refusal.said}\nbanner exchange: Connection to ${address} port ${port}: ${refusal.why}`,
  // Once logged in, ssh's client loop says it so (clientloop.c), of the host by its HostName.
  closedByRemote: (host: string) => `Connection to ${host} closed by remote host.`,
  // Not ssh's: its client is never told to close a connection under a running command; both transports' words for it.
  closedHere: (host: string) => `Connection to ${host} closed by this process (host.closeConnection()).`,
  unnegotiated: (address: string, port: number, what: string, offer: string | undefined) =>
    `Unable to negotiate with ${address} port ${port}: no matching ${what} found.` +
    (offer === undefined ? "" : ` Their offer: ${offer}`),
  reset: (host: string, port: number) => `Connection reset by ${host} port ${port}`,
  aliveTimeout: (host: string) => `Timeout, server ${host} not responding.`,
  // ssh's packet timeout (ServerAliveInterval x CountMax) while it waits on the key exchange or the login.
  packetTimeout: (address: string, port: number) => `Connection to ${address} port ${port} timed out`,
  unknownStrict: (type: string, name: string) =>
    `No ${keyTypeName(type)} host key is known for ${name} and you have requested strict checking.\n` +
    "Host key verification failed.",
  unknownAsk: () => "Host key verification failed.",
  shortRsaKey: () => "Bad server host key: Invalid key length",
  revoked: (type: string, fingerprint: string, file: string) =>
    `Host key ${keyTypeName(type)} ${fingerprint} revoked by file ${file}\nHost key verification failed.`,
  notAdded: (file: string | undefined) => `Failed to add the host to the list of known hosts (${file ?? ""}).`,
  added: (name: string, type: string) =>
    `Warning: Permanently added '${name}' (${keyTypeName(type)}) to the list of known hosts.`,
  /** ssh's warning of a changed key (warn_changed_key and what follows it), without the refusal (`refusedChanged`). */
  changed: (type: string, fingerprint: string, addIn: string | undefined, offending: Offending) =>
    [
      "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
      "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @",
      "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
      "IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!",
      "Someone could be eavesdropping on you right now (man-in-the-middle attack)!",
      "It is also possible that a host key has just been changed.",
      `The fingerprint for the ${keyTypeName(type)} key sent by the remote host is`,
      `${fingerprint}.`,
      "Please contact your system administrator.",
      ...(addIn === undefined ? [] : [`Add correct host key in ${addIn} to get rid of this message.`]),
      `Offending ${keyTypeName(offending.type)} key in ${offending.file}:${offending.line}`,
    ].join("\n"),
  /** ssh's warning of a key a known_hosts `@revoked` line names (check_host_key), without the refusal. */
  revokedKnown: (type: string, name: string) =>
    [
      "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
      "@       WARNING: REVOKED HOST KEY DETECTED!               @",
      "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
      `The ${keyTypeName(type)} host key for ${name} is marked as revoked.`,
      "This could mean that a stolen key is being used to",
      "impersonate this host.",
    ].join("\n"),
  refusedRevoked: (type: string, name: string) =>
    `${keyTypeName(type)} host key for ${name} was revoked and you have requested strict checking.\n` +
    "Host key verification failed.",
  refusedChanged: (name: string) =>
    `Host key for ${name} has changed and you have requested strict checking.\nHost key verification failed.`,
  // What ssh turns off, and says so, when it goes on with a changed key (StrictHostKeyChecking no).
  passwordOff: () => "Password authentication is disabled to avoid man-in-the-middle attacks.",
  kbdInteractiveOff: () => "Keyboard-interactive authentication is disabled to avoid man-in-the-middle attacks.",
  agentForwardingOff: () => "Agent forwarding is disabled to avoid man-in-the-middle attacks.",
  updateHostKeysOff: () => "UpdateHostkeys is disabled because the host key is not trusted.",
  channelRefused: (why: string) => `channel 0: open failed: ${why}`,
  // ssh's own words once the ssh it runs for ProxyJump failed: the way to the host closed before its greeting.
  jumpFailed: () =>
    "kex_exchange_identification: Connection closed by remote host\nConnection closed by UNKNOWN port 65535",
} as const;

// What ssh2 says when the two sides share no algorithm of a kind (`no matching C->S cipher`): the kind as its debug
// lines name it, direction included, and the kind alone; ssh's names and ssh2's debug names where they differ.
const UNMATCHED = /^Handshake failed: no matching ((?:[CS]->[CS] )?(.+))$/;
const SSH_NAMES: Readonly<Record<string, string>> = {
  "key exchange algorithm": "key exchange method",
  "host key format": "host key type",
  compression: "compression method",
};
const LOGGED_NAMES: Readonly<Record<string, string>> = {
  "key exchange algorithm": "KEX method",
  "host key format": "Host key format",
};

/**
 * The kind of algorithm ssh2's handshake `message` found none of: in ssh's words ("cipher", "host key type"), and as
 * ssh2's debug lines name the server's list of it ("C->S cipher", "Host key format").
 */
export function unmatchedKind(message: string): { readonly what: string; readonly logged: string } | undefined {
  const [, full, kind] = UNMATCHED.exec(message) ?? [];
  if (full === undefined || kind === undefined) return undefined;
  return { what: SSH_NAMES[kind] ?? kind, logged: LOGGED_NAMES[full] ?? full };
}

// ssh2's debug line of the server's list of a kind: `Handshake: (remote) C->S cipher: aes128-cbc,3des-cbc`.
const REMOTE = /^Handshake: \(remote\) (.+?): (.*)$/;

/**
 * The server's lists as ssh2 logs them during a key exchange (its `debug` option), by the name it logs each under:
 * what ssh prints as "Their offer" of the kind the two sides share none of. `onList` hears each as it comes.
 */
export function serverOffers(onList?: (logged: string, list: string) => void): {
  readonly debug: (line: string) => void;
  of(logged: string): string | undefined;
} {
  const lists = new Map<string, string>();
  return {
    debug: (line) => {
      const remote = REMOTE.exec(line);
      if (remote === null) return;
      lists.set(remote[1]!, remote[2]!);
      onList?.(remote[1]!, remote[2]!);
    },
    of: (logged) => lists.get(logged),
  };
}
