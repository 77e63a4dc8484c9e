import type { Algorithms, Kind } from "./algorithms.ts";

// ssh2's debug lines of a key exchange: the server's list of a kind; for ciphers, then what ssh2 chose.
const REMOTE = /^Handshake: \(remote\) (KEX method|Host key format|([CS]->[CS]) (cipher|MAC)): (.*)$/;
const CHOSEN = /^Handshake: ([CS]->[CS]) [Cc]ipher: (.*)$/;
// Ciphers that carry their own integrity: with one, no MAC is negotiated.
const AEAD = new Set(["chacha20-poly1305@openssh.com", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com"]);
const KEYWORDS: Readonly<Record<Kind, string>> = {
  kex: "KexAlgorithms",
  serverHostKey: "HostKeyAlgorithms",
  cipher: "Ciphers",
  hmac: "MACs",
};

/**
 * Watches a key exchange for what ssh would do otherwise: where the configuration lists a name native lacks, ssh
 * chooses the first of its list that the server also offers, and if that is such a name, native's connection would
 * not be ssh's. Fed ssh2's debug lines; `differs` says why, from the first server list that shows it.
 * `hostKeyOrder` orders a host key list as it is offered (known key types first).
 */
export function asSshWatch(
  algorithms: Algorithms,
  hostKeyOrder: (list: readonly string[]) => readonly string[],
): { readonly debug: (line: string) => void; readonly differs: () => string | undefined } {
  const wanted = algorithms.asSsh ?? {};
  const offered: Readonly<Record<Kind, readonly string[] | undefined>> = {
    kex: algorithms.kex,
    serverHostKey: algorithms.serverHostKey.list,
    cipher: algorithms.cipher,
    hmac: algorithms.hmac,
  };
  const ciphers = new Map<string, string>();
  let differs: string | undefined;
  const check = (kind: Kind, server: string, direction = "") => {
    const list = kind === "serverHostKey" ? hostKeyOrder(wanted[kind] ?? []) : (wanted[kind] ?? []);
    const remote = server.split(",");
    const choice = list.find((name) => remote.includes(name));
    if (choice === undefined || offered[kind]?.includes(choice) === true) return;
    differs ??= `${KEYWORDS[kind]}: ssh would take ${choice}${direction}, which native lacks`;
  };
  return {
    debug(line) {
      if (differs !== undefined || algorithms.asSsh === undefined) return;
      const chosen = CHOSEN.exec(line);
      if (chosen !== null) return void ciphers.set(chosen[1]!, chosen[2]!);
      const [, what, direction, kind, server] = REMOTE.exec(line) ?? [];
      if (what === undefined || server === undefined) return;
      if (what === "KEX method") return check("kex", server);
      if (what === "Host key format") return check("serverHostKey", server);
      if (kind === "cipher") {
        if (wanted.cipher === undefined) return;
        const choice = wanted.cipher.find((name) => server.split(",").includes(name));
        // ssh's choice where native's list is the whole of it: what ssh2 chose (logged next).
        if (choice !== undefined) ciphers.set(`${direction!} ssh`, choice);
        return check("cipher", server, ` (${direction!})`);
      }
      // A MAC only counts under a cipher without its own integrity.
      const cipher = ciphers.get(`${direction!} ssh`) ?? ciphers.get(direction!);
      if (wanted.hmac !== undefined && !AEAD.has(cipher ?? "")) check("hmac", server, ` (${direction!})`);
    },
    differs: () => differs,
  };
}
