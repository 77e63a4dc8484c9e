import type { ResolvedSsh } from "../resolve/resolved.ts";
import { assemble } from "./algorithms.ts";
import { keyType, rsaBits } from "./key-blob.ts";

/**
 * Which of the user's keys ssh offers: those of the types PubkeyAcceptedAlgorithms names (all when undefined), RSA
 * ones of `minRsaBits` or more (RequiredRSASize).
 */
export type KeyPolicy = { readonly types: readonly string[] | undefined; readonly minRsaBits: number };

// OpenSSH's default PubkeyAcceptedAlgorithms (8.8 on), which `+`, `-` and `^` start from.
const DEFAULTS = [
  "ssh-ed25519-cert-v01@openssh.com",
  "ecdsa-sha2-nistp256-cert-v01@openssh.com",
  "ecdsa-sha2-nistp384-cert-v01@openssh.com",
  "ecdsa-sha2-nistp521-cert-v01@openssh.com",
  "sk-ssh-ed25519-cert-v01@openssh.com",
  "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
  "rsa-sha2-512-cert-v01@openssh.com",
  "rsa-sha2-256-cert-v01@openssh.com",
  "ssh-ed25519",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "sk-ssh-ed25519@openssh.com",
  "sk-ecdsa-sha2-nistp256@openssh.com",
  "rsa-sha2-512",
  "rsa-sha2-256",
];
const RSA = new Set(["ssh-rsa", "rsa-sha2-256", "rsa-sha2-512"]);

/** The PubkeyAcceptedAlgorithms list ssh assembles from `value` (an explicit list, `+`, `^`, `-` patterns). Pure. */
export function pubkeyList(value: string): readonly string[] | undefined {
  return assemble(value, { defaults: DEFAULTS });
}

/** The PubkeyAcceptedAlgorithms of `policy`: what ssh signs an RSA key by (rsa-signature.ts). */
export function acceptedAlgorithms(policy: KeyPolicy): readonly string[] {
  return policy.types ?? DEFAULTS;
}

/** What `resolved` makes ssh offer of the user's keys. */
export function keyPolicy(resolved: ResolvedSsh): KeyPolicy {
  const value = resolved.options.get("pubkeyacceptedalgorithms")?.[0];
  return { types: value === undefined ? undefined : pubkeyList(value), minRsaBits: requiredRsaSize(resolved) };
}

/** RequiredRSASize: ssh takes no RSA key under 1024 bits whatever it says (sshkey_check_rsa_length). */
export function requiredRsaSize(resolved: ResolvedSsh): number {
  const value = Number(resolved.options.get("requiredrsasize")?.[0] ?? 0);
  return Math.max(1024, Number.isSafeInteger(value) ? value : 0);
}

/** Whether ssh offers the key of wire blob `blob` under `policy`. */
export function offered(policy: KeyPolicy, blob: Buffer): boolean {
  const type = keyType(blob);
  return (
    // An RSA key under any of its signature names, as ssh's key_type_allowed_by_config.
    (policy.types === undefined || (type === "ssh-rsa" ? [...RSA] : [type]).some((t) => policy.types!.includes(t))) &&
    (rsaBits(blob) ?? Infinity) >= policy.minRsaBits
  );
}
