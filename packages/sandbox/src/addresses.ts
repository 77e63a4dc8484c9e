// Where a sandbox fleet's hosts listen: loopback addresses, one per host. Pure.

// Linux routes all of 127.0.0.0/8 to lo; each /24 block gives 254 hosts (.1–.254), so a fleet past 127.0.0.254
// goes on at 127.0.1.1.
const PER_BLOCK = 254;
const BLOCKS = 256;

/** The largest fleet from `firstOctet` (127.0.0.firstOctet … 127.0.255.254). */
export function maxHosts(firstOctet: number): number {
  return PER_BLOCK * BLOCKS - (firstOctet - 1);
}

/** `hosts` loopback addresses: 127.0.0.firstOctet … 127.0.0.254, then 127.0.1.1 … 127.0.1.254, and so on. */
export function loopbackAddresses(hosts: number, firstOctet: number): string[] {
  if (!Number.isInteger(firstOctet) || firstOctet < 1 || firstOctet > PER_BLOCK) {
    throw new TypeError(
      `Expected \`firstOctet\` to be an integer from 1 to ${PER_BLOCK}, got \`${firstOctet}\` (${typeof firstOctet})`,
    );
  }
  const max = maxHosts(firstOctet);
  if (!Number.isInteger(hosts) || hosts < 1 || hosts > max) {
    throw new TypeError(`Expected \`hosts\` to be an integer from 1 to ${max}, got \`${hosts}\` (${typeof hosts})`);
  }
  return Array.from({ length: hosts }, (_, i) => {
    const k = firstOctet - 1 + i;
    return `127.0.${Math.floor(k / PER_BLOCK)}.${(k % PER_BLOCK) + 1}`;
  });
}
