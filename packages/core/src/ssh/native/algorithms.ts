import type { CipherAlgorithm, KexAlgorithm, MacAlgorithm, ServerHostKeyAlgorithm } from "ssh2";
import { matchPatternList } from "../resolve/patterns.ts";
import type { ResolvedSsh } from "../resolve/resolved.ts";
import type { Ssh2 } from "./ssh2.ts";

/** What native offers where the configuration sets it (ssh2's defaults elsewhere), in ssh2's terms. */
export type Algorithms = {
  readonly kex?: KexAlgorithm[];
  readonly cipher?: CipherAlgorithm[];
  readonly hmac?: MacAlgorithm[];
  /** The host key algorithms, and whether those of key types known_hosts holds for the host go first. */
  readonly serverHostKey: { readonly list: readonly ServerHostKeyAlgorithm[]; readonly knownFirst: boolean };
  /**
   * The lists ssh offers where native offers fewer (names ssh2 lacks left out), by ssh2's kind: a connection is native
   * only while ssh would choose a name native has (as-ssh.ts).
   */
  readonly asSsh?: Partial<Record<Kind, readonly string[]>>;
};

/** ssh2's kinds of algorithm list. */
export type Kind = "kex" | "serverHostKey" | "cipher" | "hmac";

/** Host key algorithms by default: OpenSSH's, minus its certificates and FIDO keys (those go to openssh). */
export const HOST_KEY_ALGORITHMS = [
  "ssh-ed25519",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "rsa-sha2-512",
  "rsa-sha2-256",
] as const;

/**
 * The lists native offers for KexAlgorithms, Ciphers, MACs and HostKeyAlgorithms, assembled from each value as ssh
 * assembles its own (kex_assemble_names): an explicit list as it is, `+` appended to the defaults, `^` before them,
 * `-` patterns taken out of them. Native's defaults stand for ssh's, as they do when nothing is set. A name ssh2 does
 * not implement (sntrup761x25519-sha512, umac-128@openssh.com, a certificate type) is left out, and the whole list kept
 * in `asSsh`. Or why only ssh can: a list of nothing but such names, or a pattern that ssh expands against its own
 * list of everything it knows.
 */
export function algorithmsFor(resolved: ResolvedSsh, ssh2: Ssh2): Algorithms | { readonly openssh: string } {
  const { kex, cipher, hmac, serverHostKey } = ssh2.algorithms;
  const hostKeys = { defaults: HOST_KEY_ALGORITHMS, supported: serverHostKey };
  const kinds = [
    ["kexalgorithms", "kex", kex],
    ["ciphers", "cipher", cipher],
    ["macs", "hmac", hmac],
    ["hostkeyalgorithms", "serverHostKey", hostKeys],
  ] as const;
  const got: Partial<Record<Kind, string[]>> = {};
  const asSsh: Partial<Record<Kind, readonly string[]>> = {};
  for (const [keyword, kind, category] of kinds) {
    const value = resolved.options.get(keyword)?.[0];
    if (value === undefined) continue;
    const list = assemble(value, category.defaults);
    if (list === undefined) return { openssh: `${keyword} ${value}` };
    got[kind] = list.filter((name) => category.supported.includes(name));
    if (got[kind].length === 0) return { openssh: `${keyword} ${value}` };
    if (got[kind].length < list.length) asSsh[kind] = list;
  }
  const hostKeyValue = resolved.options.get("hostkeyalgorithms")?.[0];
  // Each list holds only names ssh2 implements: its own types name them.
  return {
    ...(got.kex && { kex: got.kex as KexAlgorithm[] }),
    ...(got.cipher && { cipher: got.cipher as CipherAlgorithm[] }),
    ...(got.hmac && { hmac: got.hmac as MacAlgorithm[] }),
    // As ssh: known key types first unless the list was given outright or put first (`^`).
    serverHostKey: {
      list: (got.serverHostKey ?? HOST_KEY_ALGORITHMS) as ServerHostKeyAlgorithm[],
      knownFirst: hostKeyValue === undefined || /^[-+]/.test(hostKeyValue),
    },
    ...(Object.keys(asSsh).length > 0 && { asSsh }),
  };
}

/**
 * One list option's value assembled over `defaults` as ssh's kex_assemble_names does, names native lacks included;
 * undefined when it holds a pattern (allowed only after `-`). Pure.
 */
export function assemble(value: string, defaults: readonly string[]): string[] | undefined {
  const how = /^[-+^]/.test(value) ? value.charAt(0) : "";
  const names = value.slice(how.length);
  if (how === "-") return defaults.filter((name) => matchPatternList(name, names) !== 1);
  const given = names.split(",");
  if (given.some((name) => name === "" || /[*?!]/.test(name))) return undefined;
  // Each name once, where it first appears.
  return [...new Set(how === "+" ? [...defaults, ...given] : how === "^" ? [...given, ...defaults] : given)];
}
