import type { CipherAlgorithm, CompressionAlgorithm, KexAlgorithm, MacAlgorithm, ServerHostKeyAlgorithm } from "ssh2";
import { matchPatternList } from "../resolve/patterns.ts";
import type { ResolvedSsh } from "../resolve/resolved.ts";
import { SSH_LISTS, sshCompression, type SshList } from "./ssh-lists.ts";
import type { Ssh2 } from "./ssh2.ts";

/** What native offers, in ssh2's terms: ssh's own lists, less the names ssh2 lacks, in ssh's order. */
export type Algorithms = {
  readonly kex: KexAlgorithm[];
  readonly cipher: CipherAlgorithm[];
  readonly hmac: MacAlgorithm[];
  readonly compress: CompressionAlgorithm[];
  /**
   * The host key algorithms; whether those of key types known_hosts holds for the host may go first (as ssh: unless
   * the list was given outright or put first with `^`); and ssh's most preferred one, which decides that.
   */
  readonly serverHostKey: {
    readonly list: readonly ServerHostKeyAlgorithm[];
    readonly knownFirst: boolean;
    readonly best: string;
  };
  /**
   * ssh's whole lists, to watch which names ssh would choose on a server (as-ssh.ts); and the key exchanges native
   * may replace by one of its own: ssh's defaults that the configuration does not name (sntrup761x25519).
   */
  readonly asSsh?: { readonly lists: Readonly<Record<Kind, readonly string[]>>; readonly swappable: readonly string[] };
};

/** ssh2's kinds of algorithm list. */
export type Kind = "kex" | "serverHostKey" | "cipher" | "hmac";

const KINDS = [
  ["kexalgorithms", "kex"],
  ["ciphers", "cipher"],
  ["macs", "hmac"],
  ["hostkeyalgorithms", "serverHostKey"],
] as const;

const GCM = /^aes\d+-gcm@openssh\.com$/;

// One decision per distinct set of values: every host of a fleet usually shares one.
const decided = new Map<string, Algorithms | { readonly openssh: string }>();

/**
 * The lists ssh sends for KexAlgorithms, Ciphers, MACs, HostKeyAlgorithms and Compression, assembled from OpenSSH
 * 9.2's defaults as ssh assembles them (kex_assemble_names), and what native offers of each: the names ssh2 has, in
 * ssh's order. Or why only ssh can: a list ssh cannot assemble, or one of nothing native has.
 */
export function algorithmsFor(resolved: ResolvedSsh, ssh2: Ssh2): Algorithms | { readonly openssh: string } {
  const values = [...KINDS.map(([keyword]) => resolved.options.get(keyword)?.[0]), resolved.options.get("compression")];
  const key = JSON.stringify(values);
  let got = decided.get(key);
  if (got === undefined) decided.set(key, (got = decide(resolved, ssh2)));
  return got;
}

function decide(resolved: ResolvedSsh, ssh2: Ssh2): Algorithms | { readonly openssh: string } {
  const { kex, cipher, hmac, serverHostKey } = ssh2.algorithms;
  const supported: Readonly<Record<Kind, readonly string[]>> = {
    kex: kex.supported,
    cipher: cipher.supported,
    hmac: hmac.supported,
    serverHostKey,
  };
  const lists = {} as Record<Kind, readonly string[]>;
  const own = {} as Record<Kind, string[]>;
  for (const [keyword, kind] of KINDS) {
    const value = resolved.options.get(keyword)?.[0];
    const list = value === undefined ? SSH_LISTS[keyword].defaults : assemble(value, SSH_LISTS[keyword]);
    if (list === undefined) return { openssh: `${keyword} ${value}` };
    own[kind] = list.filter((name) => supported[kind].includes(name));
    if (own[kind].length === 0) return { openssh: `${keyword} ${value}` };
    lists[kind] = list;
  }
  // Of ssh's default ciphers, the AES-GCM ones first: OpenSSL's hardware AES, where chacha20-poly1305 runs partly in
  // JavaScript (7% more CPU for a 50-host run here). The same names, so the same servers connect; a Ciphers of the
  // configuration keeps its own order.
  if (resolved.options.get("ciphers") === undefined)
    own.cipher.sort((a, b) => Number(GCM.test(b)) - Number(GCM.test(a)));
  const kexValue = resolved.options.get("kexalgorithms")?.[0];
  // The names the configuration gives (not with `-`; never patterns there): native takes no other where ssh would
  // take one, by either of sntrup761x25519's names.
  const unsuffixed = (name: string) => name.replace(/@openssh\.com$/, "");
  const named = kexValue === undefined || kexValue.startsWith("-") ? [] : kexValue.replace(/^[+^]/, "").split(",");
  const givenNames = new Set(named.map(unsuffixed));
  const hostKeyValue = resolved.options.get("hostkeyalgorithms")?.[0];
  // Each list holds only names ssh2 implements: its own types name them.
  return {
    kex: own.kex as KexAlgorithm[],
    cipher: own.cipher as CipherAlgorithm[],
    hmac: own.hmac as MacAlgorithm[],
    compress: sshCompression(resolved.options.get("compression")?.[0]) as CompressionAlgorithm[],
    serverHostKey: {
      list: own.serverHostKey as ServerHostKeyAlgorithm[],
      // As ssh_kex2: known key types may go first unless the list was given outright or put first (`^`).
      knownFirst: hostKeyValue === undefined || /^[-+]/.test(hostKeyValue),
      best: lists.serverHostKey[0]!,
    },
    asSsh: {
      lists,
      swappable: SSH_LISTS.kexalgorithms.defaults.filter(
        (name) => !kex.supported.includes(name) && !givenNames.has(unsuffixed(name)),
      ),
    },
  };
}

/**
 * One list option's value assembled over `defaults` as ssh's kex_assemble_names does: `+` appended, `^` put first,
 * `-` patterns taken out, and each name or pattern of the rest matched against `all`, everything ssh knows, in its
 * order. Undefined where ssh refuses the line (readconf.c): a name it does not know, a pattern where it takes none (all
 * but HostKeyAlgorithms), `!` outside `-`, an empty name. Without `all`, names are taken as they are. Pure.
 */
export function assemble(value: string, list: Pick<SshList, "defaults"> & Partial<SshList>): string[] | undefined {
  const { defaults, all, wildcards = false } = list;
  const how = /^[-+^]/.test(value) ? value.charAt(0) : "";
  const names = value.slice(how.length);
  if (how === "-") return defaults.filter((name) => matchPatternList(name, names) !== 1);
  const given = names.split(",");
  const refused = (name: string) =>
    name === "" || name.startsWith("!") || (/[*?]/.test(name) ? !wildcards : all !== undefined && !all.includes(name));
  if (given.some(refused)) return undefined;
  const got = new Set<string>();
  for (const pattern of how === "+" ? [...defaults, ...given] : how === "^" ? [...given, ...defaults] : given) {
    if (all === undefined) got.add(pattern);
    else for (const name of all) if (matchPatternList(name, pattern) === 1) got.add(name);
  }
  return got.size === 0 ? undefined : [...got];
}
