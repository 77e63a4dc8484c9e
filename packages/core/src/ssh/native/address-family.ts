import { isIP } from "node:net";
import type { ResolvedSsh } from "../resolve/resolved.ts";
import { interfaceAddress } from "./bind-interface.ts";
import { say } from "./messages.ts";

/**
 * ssh's words for a host that is an address of the other family than AddressFamily: one ssh does not look up (Node
 * would connect to it all the same); else undefined.
 */
export function otherFamily(resolved: ResolvedSsh): string | undefined {
  const { hostname, addressFamily: family } = resolved;
  if (family !== 0 && isIP(hostname) !== 0 && isIP(hostname) !== family) {
    return say.unresolved(hostname, "Address family for hostname not supported");
  }
  return undefined;
}

/**
 * BindAddress (an address: a name goes to ssh) as ssh binds to it: only addresses of its family are connected to, and
 * a host or AddressFamily of the other family fails as ssh's lookup of the bind address for that family does. Else
 * BindInterface's address of the target's family (known: see bind-interface.ts), or ssh's failure without one.
 */
export function bindTo(resolved: ResolvedSsh): { family: number; localAddress?: string } | { failed: string } {
  const { hostname, port, addressFamily, bindAddress: address, bindInterface } = resolved;
  if (address === undefined && bindInterface !== undefined) {
    const family = isIP(hostname) === 0 ? addressFamily : isIP(hostname);
    if (family !== 4 && family !== 6) return { family };
    const localAddress = interfaceAddress(bindInterface, family);
    if (localAddress === undefined) return { failed: say.noInterfaceAddress(bindInterface, hostname, port) };
    return { family, localAddress };
  }
  if (address === undefined) return { family: addressFamily };
  const family = isIP(address);
  const other =
    (addressFamily !== 0 && addressFamily !== family) || (isIP(hostname) !== 0 && isIP(hostname) !== family);
  if (!other) return { family, localAddress: address };
  return { failed: say.bindFamily(address, hostname, port) };
}
