import { isIP } from "node:net";

// What ssh.c's is_addr_fast takes for an address (not lowercased, then rewritten by the resolver), and the numbers
// inet_aton reads as one (`127.1`, `0x7f.1`): getaddrinfo rewrites both to the address's usual form.
const ADDRESS_LIKE = /[%:]|^[0-9.]*$|^(0x[0-9a-f]*|\d+)(\.(0x[0-9a-f]*|\d+)){0,3}$/i;

/**
 * The name ssh's final pass (`Match final`) matches `Host` and `Match host` against, as ssh.c sets it after the first:
 * HostName with `%h` expanded, lowercased; an address as it is. Undefined when only ssh can tell: an address that its
 * resolver would rewrite (`127.1`, `0:0::1`), or a HostName with a token it refuses. Pure.
 */
export function finalHost(host: string, hostName: string | undefined): string | undefined {
  if (hostName !== undefined && /%(?![h%])/.test(hostName.replace(/%%/g, ""))) return undefined;
  const name = hostName === undefined ? host : hostName.replace(/%([h%])/g, (_w, t: string) => (t === "h" ? host : t));
  if (!ADDRESS_LIKE.test(name)) return name.toLowerCase();
  if (isIP(name) === 4) return name;
  // Node writes an IPv6 address as getnameinfo does (compressed, lowercase) but for the IPv4-mapped forms.
  return isIP(name) === 6 && !name.includes(".") && new URL(`http://[${name}]`).hostname === `[${name}]`
    ? name
    : undefined;
}
