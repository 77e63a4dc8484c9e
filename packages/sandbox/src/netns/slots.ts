import { existsSync } from "node:fs";
import { thisProcess, type Owner } from "../stale-dirs.ts";
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
// dkr-<owner's PID>-<its start time>-<its PID namespace's inode number>-<n>: no two processes alive at once share the
// first three, whichever PID namespaces they are in, and the owner stays known when it is gone.
const NAME = /^dkr-(\d+)-(\d+)-(\d+)-\d+$/;

/**
 * The next free slot: a namespace name that names this process as its owner (`namespaceOwner`), veth names from its
 * address pair, a 169.254.x.y/30 pair reserved for it on this machine (release it with `releaseSlot`). `spread` picks
 * the first block; processes whose PIDs agree modulo the number of blocks start at the same one.
 */
export function allocateSlot(spread = process.pid): Slot {
  const owner = thisProcess();
  if (owner === undefined) throw new Error("netns test hosts need Linux's /proc to name their namespaces");
  const used = usedAddresses();
  const dir = reservationsDir();
  for (let tries = 0; tries < OCTETS.length * PAIRS_PER_BLOCK; tries++) {
    const n = counter++;
    const octet = OCTETS[(spread + Math.floor(n / PAIRS_PER_BLOCK)) % OCTETS.length]!;
    const base = (n % PAIRS_PER_BLOCK) * 4;
    const outerAddress = `169.254.${octet}.${base + 1}`;
    const address = `169.254.${octet}.${base + 2}`;
    const namespace = `${namespacePrefix(owner)}${n}`;
    if (used.has(outerAddress) || used.has(address) || existsSync(`/run/netns/${namespace}`)) continue;
    // Another process may have picked the same pair and not yet put it on an interface: the reservation decides.
    if (!reserveSubnet(`169.254.${octet}.${base}`, namespace, dir)) continue;
    return { namespace, ...vethNames(address), outerAddress, address };
  }
  throw new Error("no free 169.254.x.y/30 pair for a netns test host: remove stale dkr-* namespaces (ip netns list)");
}

/** What the names of `owner`'s namespaces start with. */
export function namespacePrefix(owner: Owner): string {
  return `dkr-${owner.pid}-${owner.start}-${owner.pidNamespace.replace(/\D/g, "")}-`;
}

/** The owner that a namespace name of `allocateSlot` gives, or undefined for any other name. */
export function namespaceOwner(namespace: string): Owner | undefined {
  const match = NAME.exec(namespace);
  return match === null ? undefined : { pid: Number(match[1]), start: match[2]!, pidNamespace: `pid:[${match[3]}]` };
}

/** The veth names of the host's address pair: unique as the reserved pair is, under 16 characters. */
export function vethNames(address: string): { readonly outerVeth: string; readonly innerVeth: string } {
  const [, , octet, last] = address.split(".");
  const pair = `dkr${octet}x${Number(last) & ~3}`;
  return { outerVeth: `${pair}o`, innerVeth: `${pair}i` };
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
