import type { Algorithms, Kind } from "./algorithms.ts";
import { SSH_LISTS } from "./ssh-lists.ts";

// Ciphers that carry their own integrity: with one, no MAC is negotiated.
const AEAD = new Set(["chacha20-poly1305@openssh.com", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com"]);
const KEYWORDS: Readonly<Record<Kind, string>> = {
  kex: "KexAlgorithms",
  serverHostKey: "HostKeyAlgorithms",
  cipher: "Ciphers",
  hmac: "MACs",
};
// The server's lists by the name ssh2 logs each under, and the kind and direction each is.
const LOGGED: Readonly<Record<string, readonly [Kind, string]>> = {
  "KEX method": ["kex", ""],
  "Host key format": ["serverHostKey", ""],
  "C->S cipher": ["cipher", "C->S"],
  "S->C cipher": ["cipher", "S->C"],
  "C->S MAC": ["hmac", "C->S"],
  "S->C MAC": ["hmac", "S->C"],
};

/**
 * Watches a key exchange for what ssh would do otherwise: ssh chooses, of each kind, the first of its whole list that
 * the server also offers, and where that is a name native lacks, native's connection would not be ssh's. Except a key
 * exchange of ssh's defaults that the configuration does not name (sntrup761x25519): native takes its own choice
 * instead, as long as that too is one of ssh's defaults. Where ssh finds none, so does native (its lists are ssh's,
 * less names), and ssh2 fails in ssh's words. Fed the server's lists (`remote`, from serverOffers); `differs` says
 * why, from the first server list that shows it. `hostKeyOrder` orders a host key list as ssh offers it
 * (order_hostkeyalgs).
 */
export function asSshWatch(
  algorithms: Algorithms,
  hostKeyOrder: (list: readonly string[]) => readonly string[],
): {
  readonly remote: (logged: string, list: string) => void;
  readonly differs: () => string | undefined;
} {
  const watched = algorithms.asSsh;
  const offered: Readonly<Record<Kind, readonly string[]>> = {
    kex: algorithms.kex,
    serverHostKey: algorithms.serverHostKey.list,
    cipher: algorithms.cipher,
    hmac: algorithms.hmac,
  };
  // ssh's cipher of each direction, logged before the MACs: under one with its own integrity, no MAC is chosen.
  const ciphers = new Map<string, string>();
  let differs: string | undefined;
  const first = (list: readonly string[], server: readonly string[]) => list.find((name) => server.includes(name));
  return {
    remote(logged, list) {
      const [kind, direction] = LOGGED[logged] ?? [];
      if (differs !== undefined || kind === undefined || watched === undefined) return;
      const server = list.split(",");
      const wanted = watched.lists[kind];
      // Ordering host key algorithms reads known_hosts: not needed where the server offers none of those native lacks.
      const lacking = (name: string) => wanted.includes(name) && !offered[kind].includes(name);
      if (kind === "serverHostKey" && !server.some(lacking)) return;
      const choice = first(kind === "serverHostKey" ? hostKeyOrder(wanted) : wanted, server);
      if (kind === "cipher" && choice !== undefined) ciphers.set(direction!, choice);
      if (kind === "hmac" && AEAD.has(ciphers.get(direction!) ?? "")) return;
      if (choice === undefined || offered[kind].includes(choice)) return;
      const own = kind === "kex" && watched.swappable.includes(choice) ? first(offered.kex, server) : undefined;
      if (own !== undefined && SSH_LISTS.kexalgorithms.defaults.includes(own)) return;
      differs = `${KEYWORDS[kind]}: ssh would take ${choice}${direction ? ` (${direction})` : ""}, which native lacks`;
    },
    differs: () => differs,
  };
}
