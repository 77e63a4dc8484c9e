import { isIP } from "node:net";

/** The most characters a DNS name has (RFC 1035); an address, even IPv6 with a zone, has fewer. */
export const MAX_NAME = 253;

/** What makes `hostname` no hostname, after a colon; empty when no one thing does. Pure. */
export function hostnameFault(hostname: string): string {
  if (hostname.length > MAX_NAME)
    return `: it is ${hostname.length} characters long; a DNS name has at most ${MAX_NAME}`;
  const odd = /[^A-Za-z0-9_.:%-]/u.exec(hostname)?.[0];
  if (odd === " ") return ": it holds a space";
  if (odd !== undefined && /[\p{C}\p{Z}]/u.test(odd)) {
    const code = odd.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    return `: it holds an invisible character, U+${code}`;
  }
  if (odd !== undefined) {
    const shown = odd === "`" ? "`` ` ``" : `\`${odd}\``;
    const idn = odd.codePointAt(0)! > 0x7f ? " (write an international name as `xn--…`)" : "";
    return `: ${shown} cannot be in one${idn}`;
  }
  if (isIP(hostname.replace(/%.*/, "")) === 6)
    return ": it is an IPv6 address whose zone (after `%`) is not letters, digits, `.` and `-`";
  if (hostname.includes(":")) return ": a `:` belongs to IPv6 addresses, and this is none";
  if (/^[-.]/.test(hostname)) return `: it starts with \`${hostname[0]}\``;
  if (hostname.endsWith("-")) return ": it ends with `-`";
  return "";
}
