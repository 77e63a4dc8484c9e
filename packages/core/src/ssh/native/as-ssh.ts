import type { Algorithms, Kind } from "./algorithms.ts";

// ssh2's debug line of the cipher it chose for a direction (the server's lists come from serverOffers).
const CHOSEN = /^Handshake: ([CS]->[CS]) [Cc]ipher: (.*)$/;
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
 * Watches a key exchange for what ssh would do otherwise: where the configuration lists a name native lacks, ssh
 * chooses the first of its list that the server also offers, and if that is such a name, native's connection would
 * not be ssh's. Fed the server's lists (`remote`, from serverOffers) and ssh2's debug lines (`debug`, for the cipher it
 * chose); `differs` says why, from the first server list that shows it. `hostKeyOrder` orders a host key list as it is
 * offered (known key types first).
 */
export function asSshWatch(
  algorithms: Algorithms,
  hostKeyOrder: (list: readonly string[]) => readonly string[],
): {
  readonly remote: (logged: string, list: string) => void;
  readonly debug: (line: string) => void;
  readonly differs: () => string | undefined;
} {
  const wanted = algorithms.asSsh ?? {};
  const offered: Readonly<Record<Kind, readonly string[] | undefined>> = {
    kex: algorithms.kex,
    serverHostKey: algorithms.serverHostKey.list,
    cipher: algorithms.cipher,
    hmac: algorithms.hmac,
  };
  // The cipher of each direction: ssh's choice where native offers fewer, else what ssh2 chose (logged after the list).
  const ciphers = new Map<string, string>();
  let differs: string | undefined;
  const sshChoice = (kind: Kind, server: readonly string[]) =>
    (kind === "serverHostKey" ? hostKeyOrder(wanted[kind] ?? []) : (wanted[kind] ?? [])).find((name) =>
      server.includes(name),
    );
  return {
    remote(logged, list) {
      const [kind, direction] = LOGGED[logged] ?? [];
      if (differs !== undefined || kind === undefined || wanted[kind] === undefined) return;
      // A MAC only counts under a cipher without its own integrity.
      if (kind === "hmac" && AEAD.has(ciphers.get(`${direction} ssh`) ?? ciphers.get(direction!) ?? "")) return;
      const choice = sshChoice(kind, list.split(","));
      if (kind === "cipher" && choice !== undefined) ciphers.set(`${direction} ssh`, choice);
      if (choice === undefined || offered[kind]?.includes(choice) === true) return;
      differs = `${KEYWORDS[kind]}: ssh would take ${choice}${direction ? ` (${direction})` : ""}, which native lacks`;
    },
    debug(line) {
      const chosen = algorithms.asSsh === undefined ? null : CHOSEN.exec(line);
      if (chosen !== null) ciphers.set(chosen[1]!, chosen[2]!);
    },
    differs: () => differs,
  };
}
