import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { checkOptionKeys, checkSwitch } from "../check-options.ts";
import { keygen } from "../keygen.ts";
import { onExit } from "../on-exit.ts";
import { markOwner, removeStaleDirs } from "../stale-dirs.ts";
import { findTool } from "../tools.ts";
import { writeBastionConfig } from "./bastion.ts";
import { startHost, type RunningHost } from "./host.ts";
import { destroyNamespaceNow } from "./namespace.ts";
import { destroyOrphanNamespaces } from "./orphans.ts";
import { assertNetnsRequirements } from "./requirements.ts";
import { allocateSlot, releaseSlot, type Slot } from "./slots.ts";
import { destroyRecordedSlots, recordSlot } from "./stale.ts";
import type { NetnsBastion, NetnsFleet, NetnsFleetOptions, NetnsHostOptions } from "./types.ts";
import { checkedTempDir, makeTempDir } from "../temp-dir.ts";

const DIR_PREFIX = "dk-netns-";

/**
 * Starts test hosts that really leave the network: each is its own network namespace with a veth link, a
 * link-local address, its own sshd and boot id, and a fake `reboot` first on its PATH; with `bastion`, they are
 * reached only through one more such host. Needs root.
 */
export async function startNetnsHosts(options: NetnsFleetOptions): Promise<NetnsFleet> {
  checkOptionKeys(options, ["hosts", "nixos", "bastion"], "startNetnsHosts()");
  const specs = options.hosts;
  if (!Array.isArray(specs) || specs.length === 0) {
    throw new TypeError(`Expected \`hosts\` to be a non-empty array of host options, got \`${String(specs)}\``);
  }
  checkSwitch("nixos", options.nixos);
  checkSwitch("bastion", options.bastion);
  for (const spec of specs as unknown[]) {
    checkOptionKeys(spec, ["downFor", "dropIcmp"], "a host of startNetnsHosts()");
    checkSwitch("dropIcmp", (spec as NetnsHostOptions).dropIcmp);
  }
  assertNetnsRequirements(specs.some((spec) => spec.dropIcmp === true));
  // sshd refuses to start without its privilege-separation directory.
  if (!existsSync("/run/sshd")) mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });

  // What a fleet killed with SIGKILL left (no clean-up ran then) goes now: namespaces, their processes, files.
  const parent = checkedTempDir();
  removeStaleDirs(DIR_PREFIX, destroyRecordedSlots, parent);
  destroyOrphanNamespaces();
  const dir = makeTempDir(DIR_PREFIX, parent);
  markOwner(dir);
  const key = join(dir, "client_key");
  const shared = {
    dir,
    hostKey: join(dir, "host_key"),
    authorizedKeys: join(dir, "authorized_keys"),
    sshd: findTool("sshd")!,
    nixosRecords: options.nixos === true ? join(dir, "nixos") : undefined,
  };

  const hosts: RunningHost[] = [];
  // Every host started, the bastion included: all of them are stopped.
  const running: RunningHost[] = [];
  // Every slot taken, recorded before its namespace is made.
  const taken: Slot[] = [];
  const take = (slot: Slot) => {
    recordSlot(dir, slot);
    taken.push(slot);
    return slot;
  };
  // On a crash or an exit without stop(), even while hosts start: nothing may outlive the process, not a namespace.
  const stopNow = () => {
    taken.forEach(destroyNamespaceNow);
    rmSync(dir, { recursive: true, force: true });
  };
  const forgetStopNow = onExit(stopNow);
  const stop = async () => {
    await Promise.all(running.map((host) => host.stop()));
    // Slots of hosts that never started too.
    taken.forEach(releaseSlot);
    rmSync(dir, { recursive: true, force: true });
    // Only now: the process may exit while the stop is under way (dk at Ctrl-C, with the task's finally waiting).
    forgetStopNow();
  };
  let bastion: NetnsBastion | undefined;
  try {
    await keygen(shared.hostKey, "dk-netns");
    await keygen(key, "dk-netns");
    copyFileSync(`${key}.pub`, shared.authorizedKeys);
    let behind: string | undefined;
    if (options.bastion === true) {
      const host = await startHost(take(allocateSlot()), {}, shared);
      running.push(host);
      behind = host.namespace;
      bastion = writeBastionConfig(dir, host.address, host.port, key);
    }
    // Slots are taken one by one (they check what is in use); the hosts then start in parallel.
    const slots = specs.map(() => take({ ...allocateSlot(), behind }));
    const started = await Promise.allSettled(slots.map((slot, i) => startHost(slot, specs[i]!, shared)));
    for (const outcome of started) if (outcome.status === "fulfilled") hosts.push(outcome.value);
    running.push(...hosts);
    const failed = started.find((outcome) => outcome.status === "rejected");
    if (failed) throw failed.reason;
  } catch (error) {
    await stop();
    throw error;
  }

  const jump =
    bastion === undefined ? ["-F", "/dev/null"] : ["-F", bastion.sshConfig, "-o", `ProxyJump=${bastion.alias}`];
  return {
    hosts,
    dir,
    nixosRecords: shared.nixosRecords,
    bastion,
    key,
    spec: hosts.map((host) => host.spec).join(","),
    hostOptions: { key, hostKeyCheck: "none", sshOptions: [...jump, "-o", "IdentitiesOnly=yes"] },
    logs: () => running.map((host) => `--- ${host.namespace}\n${host.log()}`).join(""),
    stop,
  };
}
