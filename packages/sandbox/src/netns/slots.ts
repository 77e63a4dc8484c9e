import { existsSync } from "node:fs";
import { attempt } from "./exec.ts";
import { releaseSubnet, reservationsDir, reserveSubnet } from "./reservations.ts";

/** Names and addresses for one test host; everything is unique to this process. */
export type Slot = {
  readonly namespace: string;
  /** The veth end that stays on this machine, and its address. */
  readonly outerVeth: string;
  readonly outerAddress: string;
  /** The veth end inside the namespace, and the host's address. */
  readonly innerVeth: string;
  readonly address: string;
  /** The bastion's namespace, when the host is linked to it alone and not to this machine. */
  readonly behind?: string | undefined;
};

// Third octets for 169.254.x.0/24 blocks: 0 and 255 are reserved, 169 holds cloud metadata (169.254.169.254).
const OCTETS = Array.from({ length: 254 }, (_, i) => i + 1).filter((octet) => octet !== 169);
// Sixty-four /30 pairs fit in one /24 block.
const PAIRS_PER_BLOCK = 64;
let counter = 0;

/**
 * The next free slot: a namespace name `dkr-<pid>-<n>`, veth names under 16 characters, a 169.254.x.y/30 pair reserved
 * for it on this machine (release it with `releaseSlot`). `spread` picks the first block; processes whose PIDs agree
 * modulo the number of blocks start at the same one.
 */
export function allocateSlot(spread = process.pid): Slot {
  const used = usedAddresses();
  const dir = reservationsDir();
  const pid36 = process.pid.toString(36);
  for (let tries = 0; tries < OCTETS.length * PAIRS_PER_BLOCK; tries++) {
    const n = counter++;
    const octet = OCTETS[(spread + Math.floor(n / PAIRS_PER_BLOCK)) % OCTETS.length]!;
    const base = (n % PAIRS_PER_BLOCK) * 4;
    const outerAddress = `169.254.${octet}.${base + 1}`;
    const address = `169.254.${octet}.${base + 2}`;
    const namespace = `dkr-${process.pid}-${n}`;
    if (used.has(outerAddress) || used.has(address) || existsSync(`/run/netns/${namespace}`)) continue;
    // Another process may have picked the same pair and not yet put it on an interface: the reservation decides.
    if (!reserveSubnet(`169.254.${octet}.${base}`, namespace, dir)) continue;
    return { namespace, outerVeth: `dkr${pid36}o${n}`, innerVeth: `dkr${pid36}i${n}`, outerAddress, address };
  }
  throw new Error("no free 169.254.x.y/30 pair for a netns test host: remove stale dkr-* namespaces (ip netns list)");
}

/** Gives the slot's pair back, once its namespace and veth pair are gone. */
export function releaseSlot(slot: Pick<Slot, "address" | "namespace">): void {
  if (slot.address !== "") releaseSubnet(subnetOf(slot).replace("/30", ""), slot.namespace);
}

/** The /30 network of a slot's address pair (`169.254.x.y/30`, y a multiple of 4). */
export function subnetOf(slot: Pick<Slot, "address">): string {
  const octets = slot.address.split(".").map(Number);
  return `${octets.slice(0, 3).join(".")}.${octets[3]! & ~3}/30`;
}

// IPv4 addresses already on this machine's interfaces.
function usedAddresses(): Set<string> {
  const out = attempt("ip", ["-o", "-4", "addr", "show"]) ?? "";
  return new Set([...out.matchAll(/inet (\d+\.\d+\.\d+\.\d+)\//g)].map((m) => m[1]!));
}
