// What a netns fleet whose process was killed (SIGKILL: no clean-up ran) left besides its directory: namespaces, the
// processes in them, the routes that kept hosts behind a bastion unreachable. Its directory records each slot taken.
import { appendFileSync, lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Owner } from "../stale-dirs.ts";
import { destroyNamespaceNow } from "./namespace.ts";
import { namespaceOwner, namespacePrefix, vethNames, type Slot } from "./slots.ts";

const SLOTS = "slots";

/** Records in the fleet's directory a slot about to be used, before anything of it exists. */
export function recordSlot(dir: string, slot: Slot): void {
  appendFileSync(join(dir, SLOTS), `${JSON.stringify(slot)}\n`, { mode: 0o600 });
}

/** Destroys what the slots recorded in `dir` by `owner` (gone) left: only names that owner's slots can have. */
export function destroyRecordedSlots(dir: string, owner: Owner): void {
  const file = join(dir, SLOTS);
  if (lstatSync(file, { throwIfNoEntry: false })?.isFile() !== true) return;
  for (const line of readFileSync(file, "utf8").split("\n").filter(Boolean)) {
    const slot = ownersSlot(line, owner);
    if (slot !== undefined) destroyNamespaceNow(slot);
  }
}

// A recorded slot, when every field is what allocateSlot gives `owner`.
function ownersSlot(line: string, owner: Owner): Slot | undefined {
  let value: Partial<Record<keyof Slot, unknown>>;
  try {
    value = JSON.parse(line) as typeof value;
  } catch {
    return undefined;
  }
  const owns = (name: unknown) =>
    typeof name === "string" && name.startsWith(namespacePrefix(owner)) && namespaceOwner(name) !== undefined;
  const address = /^169\.254\.\d{1,3}\.\d{1,3}$/;
  const fits = (field: keyof Slot) => typeof value[field] === "string" && address.test(value[field]);
  if (!(owns(value.namespace) && fits("outerAddress") && fits("address"))) return undefined;
  const veths = vethNames(value.address as string);
  const ok =
    value.outerVeth === veths.outerVeth &&
    value.innerVeth === veths.innerVeth &&
    (value.behind === undefined || owns(value.behind));
  return ok ? (value as Slot) : undefined;
}
