import { setTimeout as sleep } from "node:timers/promises";
import { processStat } from "../stale-dirs.ts";
import { findTool } from "../tools.ts";
import { attempt, must } from "./exec.ts";
import { releaseSlot, subnetOf, type Slot } from "./slots.ts";

// Drops ICMP echo requests addressed to the host: it stays on the network but never answers ping.
const DROP_ICMP_RULESET = `table inet dkr_test {
  chain input {
    type filter hook input priority 0; policy accept;
    icmp type echo-request drop
    icmpv6 type echo-request drop
  }
}
`;

/**
 * Creates the namespace, the veth pair with its /30 addresses, and brings both ends and `lo` up. The outer end stays on
 * this machine, or goes into the bastion's namespace (`slot.behind`): then only the bastion reaches the host.
 */
export function createNamespace(slot: Slot, dropIcmp: boolean): void {
  const { namespace: ns, outerVeth, innerVeth, outerAddress, address, behind } = slot;
  const outside = behind === undefined ? [] : ["-n", behind];
  must("ip", ["netns", "add", ns]);
  must("ip", ["link", "add", outerVeth, "type", "veth", "peer", "name", innerVeth]);
  must("ip", ["link", "set", innerVeth, "netns", ns]);
  if (behind !== undefined) {
    must("ip", ["link", "set", outerVeth, "netns", behind]);
    // Packets from this machine to the host fail here at once instead of leaving by the default route.
    must("ip", ["route", "add", "unreachable", subnetOf(slot)]);
  }
  must("ip", [...outside, "addr", "add", `${outerAddress}/30`, "dev", outerVeth]);
  must("ip", [...outside, "link", "set", outerVeth, "up"]);
  must("ip", ["-n", ns, "addr", "add", `${address}/30`, "dev", innerVeth]);
  must("ip", ["-n", ns, "link", "set", innerVeth, "up"]);
  must("ip", ["-n", ns, "link", "set", "lo", "up"]);
  // By its path: the requirements find it in /usr/sbin even when PATH leaves that out.
  if (dropIcmp) must("ip", ["netns", "exec", ns, findTool("nft") ?? "nft", "-f", "-"], DROP_ICMP_RULESET);
}

/** The PIDs of every process inside `namespace`: all of them were started by the fixture. */
export function namespacePids(namespace: string): number[] {
  const out = attempt("ip", ["netns", "pids", namespace]) ?? "";
  return out.split("\n").filter(Boolean).map(Number);
}

/** Kills every process in the namespace by PID and deletes it (its veth pair goes with it); no waiting. */
export function destroyNamespaceNow(slot: Slot): void {
  for (const pid of namespacePids(slot.namespace)) killQuietly(pid);
  attempt("ip", ["netns", "del", slot.namespace]);
  if (slot.behind !== undefined) attempt("ip", ["route", "del", "unreachable", subnetOf(slot)]);
  releaseSlot(slot);
}

/** Like `destroyNamespaceNow`, but waits (at most 5 s) for the processes to be gone and the veth pair removed. */
export async function destroyNamespace(slot: Slot): Promise<void> {
  const deadline = Date.now() + 5000;
  // Children first, reaped by their parents (a host's init reaps its sshd); a child killed with its parent would be
  // a zombie until this machine's init reaps it, and that may take seconds.
  await killUntilGone(slot.namespace, (pid, inside) => inside.has(processStat(pid)?.parent ?? 0), deadline);
  await killUntilGone(slot.namespace, () => true, deadline);
  attempt("ip", ["netns", "del", slot.namespace]);
  // Normally gone with the namespace; deleted here in case a process kept the namespace alive.
  attempt("ip", [...(slot.behind === undefined ? [] : ["-n", slot.behind]), "link", "del", slot.outerVeth]);
  if (slot.behind !== undefined) attempt("ip", ["route", "del", "unreachable", subnetOf(slot)]);
  releaseSlot(slot);
}

// Kills the namespace's processes that `which` picks until none is left nor a zombie its parent there has not reaped.
async function killUntilGone(
  namespace: string,
  which: (pid: number, inside: ReadonlySet<number>) => boolean,
  deadline: number,
): Promise<void> {
  const killed = new Map<number, number>();
  for (;;) {
    const inside = new Set(namespacePids(namespace));
    const targets = [...inside].filter((pid) => which(pid, inside));
    // Only a parent that reaps soon is waited for: one in the namespace, or this process (it reaps its own at once).
    for (const pid of targets) {
      const parent = processStat(pid)?.parent;
      if (parent !== undefined && (inside.has(parent) || parent === process.pid)) killed.set(pid, parent);
    }
    targets.forEach(killQuietly);
    const unreaped = [...killed].some(([pid, parent]) => processStat(pid)?.parent === parent);
    if ((targets.length === 0 && !unreaped) || Date.now() >= deadline) return;
    await sleep(50);
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}
