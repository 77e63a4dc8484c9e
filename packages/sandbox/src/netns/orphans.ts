// Namespaces of a netns fleet whose process was killed and whose directory, with its record of them, is gone too (a
// test run's temporary directory removed after it): found by their names, which name their owner.
import { readdirSync } from "node:fs";
import { ownerGone } from "../stale-dirs.ts";
import { attempt } from "./exec.ts";
import { destroyNamespaceNow } from "./namespace.ts";
import { namespaceOwner, releaseSlot, subnetOf } from "./slots.ts";

/**
 * Destroys each namespace named by `allocateSlot` whose owner is surely gone (see ownerGone: a live owner of another
 * PID namespace keeps its namespaces, even when its PID is free here), and the unreachable routes of their subnets,
 * which hosts behind a bastion had.
 */
export function destroyOrphanNamespaces(): void {
  let names: string[];
  try {
    names = readdirSync("/run/netns");
  } catch {
    return;
  }
  const orphans = names.filter((namespace) => {
    const owner = namespaceOwner(namespace);
    return owner !== undefined && ownerGone(owner);
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
