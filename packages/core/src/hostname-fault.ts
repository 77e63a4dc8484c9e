import { isIP } from "node:net";
import { ipv4Of } from "./same-host.ts";

/** The most characters a DNS name has (RFC 1035); an address, even IPv6 with a zone, has fewer. */
export const MAX_NAME = 253;

/** What makes `hostname` no hostname, after a colon; empty when no one thing does. Pure. */
export function hostnameFault(hostname: string): string {
  if (hostname.length > MAX_NAME)
    return `: it is ${hostname.length} characters long; a DNS name has at most ${MAX_NAME}`;
  // An input method's full-width letters, digits and `.`: what they stand for is plain ASCII.
  const plain = hostname.normalize("NFKC");
  if (plain !== hostname && /^[A-Za-z0-9_.:%-]+$/.test(plain))
    return `: it is written in full-width characters; write \`${plain}\``;
  if (/^\d+$/.test(hostname)) {
    const address = ipv4Of(hostname);
    const read = address === undefined ? "" : ` (ssh reads it as the address ${address})`;
    return `: a number alone is no host${read}; a port goes after its host's \`:\` (\`host:${hostname}\`)`;
  }
  const octal = octalFault(hostname);
  if (octal !== undefined) return octal;
  const odd = /[^A-Za-z0-9_.:%-]/u.exec(hostname)?.[0];
  if (odd === " ") return ": it holds a space";
  if (odd !== undefined && /[\p{C}\p{Z}]/u.test(odd)) {
    const code = odd.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    return `: it holds an invisible character, U+${code}`;
  }
  if (odd !== undefined) {
    const shown = odd === "`" ? "`` ` ``" : `\`${odd}\``;
    // A letter of an international name; punctuation (a CJK comma, a middle dot) is none.
    const idn = /[\p{L}\p{M}]/u.test(odd) ? " (write an international name as `xn--…`)" : "";
    return `: ${shown} cannot be in one${idn}`;
  }
  if (isIP(hostname.replace(/%.*/, "")) === 6)
    return ": it is an IPv6 address whose zone (after `%`) is not letters, digits, `.` and `-`";
  if (hostname.includes(":")) return ": a `:` belongs to IPv6 addresses, and this is none";
  if (/^[-.]/.test(hostname)) return `: it starts with \`${hostname[0]}\``;
  if (hostname.endsWith("-")) return ": it ends with `-`";
  return "";
}

/**
 * What is wrong with an IPv4 address written with zero-padded numbers (`192.168.001.010`): ssh's resolver reads `010`
 * as octal, 8, and so reaches another machine (or, for `08`, looks the name up in DNS); undefined when ssh reaches
 * the address as written. Pure.
 */
export function octalFault(hostname: string): string | undefined {
  const parts = hostname.split(".");
  if (parts.length !== 4 || !parts.every((part) => /^\d+$/.test(part)) || !parts.some((part) => /^0\d/.test(part)))
    return undefined;
  const read = ipv4Of(hostname);
  const meant = parts.map(Number).every((n) => n <= 255) ? parts.map(Number).join(".") : undefined;
  if (read === meant) return undefined;
  const why = ": ssh reads a number with a leading 0 as octal";
  if (read === undefined) {
    const none = parts.find((part) => /^0\d*[89]/.test(part))!;
    return `${why}, and ${none} is none${meant === undefined ? "" : `; write ${meant}`}`;
  }
  const write = meant === undefined ? read : `${meant} (or ${read}, if that is the one meant)`;
  return `${why}, so this is ${read}; write ${write}`;
}

/** Why a name with a password in it (`root:pw@web1`, `ssh://root:pw@web1`, a user `root:pw`) is refused. */
export const NO_PASSWORD = " (ssh logs in with a key: the `key` option, or your agent's)";

/**
 * `text` with the password it holds after a user's `:` hidden (`root:…@web1`, `ssh://root:…@web1`, or a user's own,
 * `root:…`), for a message: a refusal may end up in a log. Undefined when it holds none.
 */
export function withoutPassword(text: string, user = false): string | undefined {
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(text)?.[0] ?? "";
  const rest = text.slice(scheme.length);
  // A user ends at the last `@`, as ssh reads it (`jdoe@corp.example.com:pw@web1`).
  const [at, colon] = [user ? rest.length : rest.lastIndexOf("@"), rest.indexOf(":")];
  if (at === -1 || colon === -1 || colon > at) return undefined;
  return `${scheme}${rest.slice(0, colon)}:…${rest.slice(at)}`;
}
