// Namespaces of a netns fleet whose process was killed and whose directory, with its record of them, is gone too (a
// test run's temporary directory removed after it): found by name, the owner's PID, and what runs in them.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { pidFree } from "../stale-dirs.ts";
import { attempt } from "./exec.ts";
import { destroyNamespaceNow, namespacePids } from "./namespace.ts";
import { releaseSlot, subnetOf } from "./slots.ts";

// What allocateSlot names a namespace: dkr-<owner PID>-<n>.
const NAME = /^dkr-(\d+)-\d+$/;

// Whether a process refers to a fleet directory that still exists (its sshd's config, its reboot script); sshd shows
// its arguments as one string.
function usesLiveFleet(pid: number): boolean {
  let command: string;
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return false;
  }
  const dirs = [...command.matchAll(/(\/\S*\/dk-netns-[A-Za-z0-9]{6})\//g)].map((match) => match[1]!);
  return dirs.some((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory() === true);
}

/**
 * Destroys each `dkr-<pid>-<n>` namespace whose owner PID runs no process here and in which nothing refers to an
 * existing fleet directory (a fleet of another PID namespace whose number is free here still has its own), and the
 * unreachable routes of their subnets, which hosts behind a bastion had.
 */
export function destroyOrphanNamespaces(): void {
  let names: string[];
  try {
    names = readdirSync("/run/netns");
  } catch {
    return;
  }
  const orphans = names.filter((namespace) => {
    const owner = NAME.exec(namespace)?.[1];
    return owner !== undefined && pidFree(Number(owner)) && !namespacePids(namespace).some(usesLiveFleet);
  });
  // Read before any is destroyed: a bastion's namespace going takes its hosts' links, and their addresses, with it.
  const owned = orphans.flatMap((namespace) => {
    const addresses = attempt("ip", ["-n", namespace, "-o", "-4", "addr", "show"]) ?? "";
    return [...addresses.matchAll(/inet (169\.254\.\d+\.\d+)\/30/g)].map((match) => ({
      namespace,
      address: match[1]!,
    }));
  });
  const subnets = owned.map(subnetOf);
  for (const namespace of orphans) {
    destroyNamespaceNow({ namespace, outerVeth: "", innerVeth: "", outerAddress: "", address: "" });
  }
  // Each gives back the reservation of its own pair (the outer ends of a bastion's hosts are theirs, left as they are).
  owned.forEach(releaseSlot);
  const routes = (attempt("ip", ["route", "show", "type", "unreachable"]) ?? "").split("\n").map((l) => l.trim());
  for (const subnet of new Set(subnets)) {
    if (routes.includes(`unreachable ${subnet}`)) attempt("ip", ["route", "del", "unreachable", subnet]);
  }
}
