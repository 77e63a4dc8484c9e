import { matchPatternList } from "../resolve/patterns.ts";
import type { ResolvedSsh } from "../resolve/resolved.ts";

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

/**
 * The PubkeyAcceptedAlgorithms list ssh assembles from `value` (an explicit list, `+`, `^`, `-` patterns), or undefined
 * when native cannot keep to it: a pattern outside a `-` list, or RSA allowed but not as rsa-sha2-256, which is what
 * native signs with where the server takes it (ssh takes the list's first the server takes). Pure.
 */
export function pubkeyList(value: string): readonly string[] | undefined {
  const how = /^[-+^]/.test(value) ? value.charAt(0) : "";
  const names = value.slice(how.length);
  let list: string[];
  if (how === "-") list = DEFAULTS.filter((name) => matchPatternList(name, names) !== 1);
  else {
    const given = names.split(",");
    if (given.some((name) => name === "" || /[*?!]/.test(name))) return undefined;
    list = how === "+" ? [...DEFAULTS, ...given] : how === "^" ? [...given, ...DEFAULTS] : given;
  }
  const rsa = list.some((name) => RSA.has(name));
  return rsa && !list.includes("rsa-sha2-256") ? undefined : list;
}

/** `resolved`'s PubkeyAcceptedAlgorithms as ssh assembles it, or undefined when it sets none (every key goes). */
export function acceptedList(resolved: ResolvedSsh): readonly string[] | undefined {
  const value = resolved.options.get("pubkeyacceptedalgorithms")?.[0];
  return value === undefined ? undefined : pubkeyList(value);
}

/** Whether ssh offers a key of wire type `type` (`ssh-ed25519`, `ssh-rsa`, …) under `list`: others it skips. */
export function acceptsType(list: readonly string[] | undefined, type: string): boolean {
  return list === undefined || list.includes(type === "ssh-rsa" ? "rsa-sha2-256" : type);
}
