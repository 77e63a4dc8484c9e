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
};

/** Host key algorithms by default: OpenSSH's, minus its certificates and FIDO keys (those go to openssh). */
export const HOST_KEY_ALGORITHMS = [
  "ssh-ed25519",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "rsa-sha2-512",
  "rsa-sha2-256",
] as const;

type Lists = { readonly defaults: readonly string[]; readonly supported: readonly string[] };

/**
 * The lists native offers for KexAlgorithms, Ciphers, MACs and HostKeyAlgorithms, assembled from each value as ssh
 * assembles its own (kex_assemble_names): an explicit list as it is, `+` appended to the defaults, `^` before them,
 * `-` patterns taken out of them. Native's defaults stand for ssh's, as they do when nothing is set. Or why only ssh
 * can: a name ssh2 does not implement (sntrup761x25519-sha512, umac-128@openssh.com, a certificate type), or a
 * pattern that ssh expands against its own list of everything it knows.
 */
export function algorithmsFor(resolved: ResolvedSsh, ssh2: Ssh2): Algorithms | { readonly openssh: string } {
  const { kex, cipher, hmac, serverHostKey } = ssh2.algorithms;
  const lists = { kexalgorithms: kex, ciphers: cipher, macs: hmac };
  const hostKeys = { defaults: HOST_KEY_ALGORITHMS, supported: serverHostKey };
  const got: Record<string, string[]> = {};
  for (const [keyword, category] of [...Object.entries(lists), ["hostkeyalgorithms", hostKeys] as const]) {
    const value = resolved.options.get(keyword)?.[0];
    if (value === undefined) continue;
    const list = assemble(value, category);
    if (list === undefined) return { openssh: `${keyword} ${value}` };
    got[keyword] = list;
  }
  const hostKeyValue = resolved.options.get("hostkeyalgorithms")?.[0];
  // Each list holds only names ssh2 implements (assemble): its own types name them.
  return {
    ...(got.kexalgorithms && { kex: got.kexalgorithms as KexAlgorithm[] }),
    ...(got.ciphers && { cipher: got.ciphers as CipherAlgorithm[] }),
    ...(got.macs && { hmac: got.macs as MacAlgorithm[] }),
    // As ssh: known key types first unless the list was given outright or put first (`^`).
    serverHostKey: {
      list: (got.hostkeyalgorithms ?? HOST_KEY_ALGORITHMS) as ServerHostKeyAlgorithm[],
      knownFirst: hostKeyValue === undefined || /^[-+]/.test(hostKeyValue),
    },
  };
}

// One value assembled; undefined when ssh2 lacks a name it asks for, or it holds a pattern (allowed only after `-`).
function assemble(value: string, { defaults, supported }: Lists): string[] | undefined {
  const how = /^[-+^]/.test(value) ? value.charAt(0) : "";
  const names = value.slice(how.length);
  if (how === "-") {
    const left = defaults.filter((name) => matchPatternList(name, names) !== 1);
    return left.length > 0 ? left : undefined;
  }
  const given = names.split(",");
  if (given.some((name) => /[*?!]/.test(name) || !supported.includes(name))) return undefined;
  // Each name once, where it first appears.
  return [...new Set(how === "+" ? [...defaults, ...given] : how === "^" ? [...given, ...defaults] : given)];
}
