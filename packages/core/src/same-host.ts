import { isIP, SocketAddress } from "node:net";

/**
 * A host name as ssh takes it: OpenSSH lowercases it before it connects or reads its config, and an IPv6 address is
 * one address however it is written (`0:0:0:0:0:0:0:1` is `::1`). Pure.
 */
export function nameKey(hostname: string): string {
  const lower = hostname.toLowerCase();
  if (isIP(lower) !== 6) return lower;
  const zone = lower.indexOf("%");
  const address = zone === -1 ? lower : lower.slice(0, zone);
  return `${new SocketAddress({ address, family: "ipv6" }).address}${zone === -1 ? "" : lower.slice(zone)}`;
}

/** The account and machine a host reaches, as ssh reads them: its user, its name as `nameKey` has it, its port. */
export function sshIdentity(host: {
  readonly user?: string | undefined;
  readonly hostname: string;
  readonly port?: number | undefined;
}): string {
  return `${host.user ?? ""}@${nameKey(host.hostname)}:${host.port ?? ""}`;
}
