import { isIP, SocketAddress } from "node:net";

/**
 * A host name as ssh takes it: OpenSSH lowercases it before it connects or reads its config, and an address is one
 * address however it is written (`0:0:0:0:0:0:0:1` is `::1`; `::ffff:127.0.0.1`, `127.1` and `2130706433` are
 * `127.0.0.1`). Pure.
 */
export function nameKey(hostname: string): string {
  const lower = hostname.toLowerCase();
  const v4 = ipv4Of(lower);
  if (v4 !== undefined) return v4;
  if (isIP(lower) !== 6) return lower;
  const zone = lower.indexOf("%");
  const address = new SocketAddress({ address: zone === -1 ? lower : lower.slice(0, zone), family: "ipv6" }).address;
  // An IPv4-mapped address reaches the IPv4 one (a dual-stack socket): the same machine and sshd.
  const mapped = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : "";
  if (zone === -1 && isIP(mapped) === 4) return mapped;
  return `${address}${zone === -1 ? "" : lower.slice(zone)}`;
}

/**
 * A numbers-and-dots name as the resolver reads it (inet_aton: 1 to 4 parts, each decimal, 0x hex or 0 octal, the
 * last filling the bytes left), as a dotted quad; undefined for a name that is no such number. Pure.
 */
export function ipv4Of(name: string): string | undefined {
  const parts = name.split(".");
  if (parts.length > 4) return undefined;
  const numbers = parts.map((part) =>
    /^0x[0-9a-f]+$/.test(part) ? parseInt(part, 16) : /^0[0-7]*$/.test(part) ? parseInt(part, 8) : decimal(part),
  );
  if (numbers.some((n) => Number.isNaN(n))) return undefined;
  const last = numbers.pop()!;
  if (numbers.some((n) => n > 255) || last >= 256 ** (4 - numbers.length)) return undefined;
  let value = last;
  numbers.forEach((n, i) => (value += n * 256 ** (3 - i)));
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

function decimal(part: string): number {
  return /^[1-9][0-9]*$/.test(part) ? Number(part) : NaN;
}

/** The account and machine a host reaches, as ssh reads them: its user, its name as `nameKey` has it, its port. */
export function sshIdentity(host: {
  readonly user?: string | undefined;
  readonly hostname: string;
  readonly port?: number | undefined;
}): string {
  return `${host.user ?? ""}@${nameKey(host.hostname)}:${host.port ?? ""}`;
}
