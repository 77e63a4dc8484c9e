import { isIP } from "node:net";

// The numbers inet_aton may read as an IPv4 address (`127.1`, `0x7f.1`), and what ssh.c's is_addr_fast takes for one.
const IPV4_LIKE = /^[0-9.]*$|^(0x[0-9a-f]*|\d+)(\.(0x[0-9a-f]*|\d+)){0,3}$/i;

/**
 * The name ssh connects to, and its final pass (`Match final`) matches `Host` and `Match host` against, as ssh.c sets
 * it after the first: HostName with `%h` expanded; a name lowercased, an address (or what looks like one to ssh: a `%`
 * or a `:`) as written. Undefined when only ssh can tell: an address that its resolver would rewrite (`127.1`,
 * `0:0::1`), or a HostName with a token it refuses. Pure.
 */
export function finalHost(host: string, hostName: string | undefined): string | undefined {
  if (hostName !== undefined && /%(?![h%])/.test(hostName.replace(/%%/g, ""))) return undefined;
  const name = hostName === undefined ? host : hostName.replace(/%([h%])/g, (_w, t: string) => (t === "h" ? host : t));
  const at = name.indexOf("%");
  const address = at === -1 ? name : name.slice(0, at);
  if (address.includes(":")) {
    if (isIP(address) === 6) return keptAddress(address, at === -1 ? undefined : name.slice(at + 1)) ? name : undefined;
    // Not an address to getaddrinfo, which ssh then leaves as it is; one that may be is ssh's to read.
    return /^[0-9a-f:.]*$/i.test(address) ? undefined : name;
  }
  if (IPV4_LIKE.test(address)) return at === -1 && isIP(name) === 4 ? name : undefined;
  return at === -1 ? name.toLowerCase() : name;
}

// Whether ssh keeps this IPv6 address as written: getnameinfo writes it the same but for case (ssh compares with
// strcasecmp), and a scope stays a name only on a link-local address (a number becomes the interface's name).
function keptAddress(address: string, scope: string | undefined): boolean {
  if (address.includes(".")) return false;
  if (scope !== undefined && (!/^fe[89ab]/i.test(address) || !/^[^\d%]\S*$/.test(scope))) return false;
  // Node writes an IPv6 address as getnameinfo does (compressed, lowercase) but for the IPv4-mapped forms.
  return new URL(`http://[${address}]`).hostname === `[${address.toLowerCase()}]`;
}
