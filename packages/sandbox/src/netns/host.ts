import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dieWithOwner } from "../die-with-owner.ts";
import { sshdConfig } from "../sshd-config.ts";
import { waitForPort } from "../wait-port.ts";
import { waitUntil } from "../wait-until.ts";
import { must } from "./exec.ts";
import { createNamespace, destroyNamespace, namespacePids } from "./namespace.ts";
import { writeNixosStandIn } from "./nixos-stand-in.ts";
import { initScript, rebootScript } from "./reboot-script.ts";
import type { Slot } from "./slots.ts";
import type { NetnsEvent, NetnsHost, NetnsHostOptions } from "./types.ts";

const SSH_PORT = 22;
const SSHD_START_TIMEOUT_MS = 10_000;

/** Files every host of a fleet shares. */
export type SharedFiles = {
  readonly dir: string;
  readonly hostKey: string;
  readonly authorizedKeys: string;
  readonly sshd: string;
  /** Where the stand-in NixOS keeps its records, when the fleet has one. */
  readonly nixosRecords?: string | undefined;
};

/** A started host plus what the fleet needs to stop it. */
export type RunningHost = NetnsHost & {
  stop(): Promise<void>;
  log(): string;
};

/** Creates the host's namespace and starts its sshd in a private mount namespace with the host's own boot id. */
export async function startHost(slot: Slot, options: NetnsHostOptions, shared: SharedFiles): Promise<RunningHost> {
  const { downFor = 2, dropIcmp = false } = options;
  if (!(typeof downFor === "number" && downFor >= 0)) {
    throw new TypeError(`Expected \`downFor\` to be a number of seconds >= 0 or Infinity, got \`${String(downFor)}\``);
  }
  const dir = join(shared.dir, slot.namespace);
  const file = (name: string) => join(dir, name);
  mkdirSync(join(dir, "bin"), { recursive: true });
  mkdirSync(file("home"));
  writeFileSync(file("boot_id"), `${randomUUID()}\n`);
  writeFileSync(file("events"), "");
  writeFileSync(
    file("sshd_config"),
    sshdConfig({
      addresses: [slot.address],
      port: SSH_PORT,
      hostKey: shared.hostKey,
      authorizedKeys: shared.authorizedKeys,
      pidFile: file("sshd.pid"),
      // The host's own bin first: its `reboot` is the fake one.
      env: { HOME: file("home"), PATH: `${file("bin")}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin` },
      extra: [],
    }),
  );
  const boot = { bootIdFile: file("boot_id"), bootFifo: file("boot"), initPidFile: file("init.pid") };
  writeFileSync(
    file("bin/reboot"),
    rebootScript({
      ...boot,
      veth: slot.innerVeth,
      eventsFile: file("events"),
      downFor,
      onBoot: shared.nixosRecords === undefined ? undefined : `${file("bin/dk-nixos-stand-in")} boot`,
    }),
  );
  chmodSync(file("bin/reboot"), 0o755);
  if (shared.nixosRecords !== undefined) writeNixosStandIn(file("bin"), shared.nixosRecords);

  const log = () => (existsSync(file("sshd.log")) ? readFileSync(file("sshd.log"), "utf8") : "");
  try {
    createNamespace(slot, dropIcmp);
    // The bind mount lives in a private mount namespace, so only this host's processes see this boot id.
    const inNamespace = ["ip", "netns", "exec", slot.namespace, "unshare", "-m", "--propagation", "private"];
    // One process from ip to the host's init (each execs the next): it ends with this process, and each sshd with it.
    const sshd = dieWithOwner([shared.sshd, "-D", "-f", file("sshd_config"), "-E", file("sshd.log")]);
    const [command, ...args] = dieWithOwner([...inNamespace, "sh", "-c", initScript({ ...boot, sshd })]);
    const child = spawn(command!, args, { stdio: "ignore" });
    child.unref();
    // A host behind a bastion is out of this machine's reach; sshd writes its pid file once it listens.
    await (slot.behind === undefined
      ? waitForPort(slot.address, SSH_PORT, SSHD_START_TIMEOUT_MS)
      : waitUntil(() => existsSync(file("sshd.pid")), "sshd to listen", SSHD_START_TIMEOUT_MS));
  } catch (error) {
    await destroyNamespace(slot);
    throw new Error(`netns test host ${slot.namespace} did not start: ${(error as Error).message}\n${log()}`, {
      cause: error,
    });
  }

  return {
    namespace: slot.namespace,
    address: slot.address,
    port: SSH_PORT,
    spec: `root@${slot.address}:${SSH_PORT}`,
    bootId: () => readFileSync(file("boot_id"), "utf8").trim(),
    events: () => readEvents(file("events")),
    dropConnections: () => dropSessions(slot.namespace, file("sshd.pid")),
    setLink: (up) => void must("ip", ["-n", slot.namespace, "link", "set", "dev", slot.innerVeth, up ? "up" : "down"]),
    stop: () => destroyNamespace(slot),
    log,
  };
}

function readEvents(path: string): NetnsEvent[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [event, at] = line.split(" ");
      return { event: event === "up" ? "up" : "down", at: Number(at) };
    });
}

// Kills the host's ssh sessions (sshd's per-connection processes), as a network glitch or an sshd restart would;
// the listening sshd and everything else keep running. Returns how many it killed.
function dropSessions(namespace: string, pidFile: string): number {
  const listener = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8").trim()) : -1;
  let killed = 0;
  for (const pid of namespacePids(namespace)) {
    if (pid === listener) continue;
    let command = "";
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (!command.startsWith("sshd:")) continue;
    try {
      process.kill(pid, "SIGKILL");
      killed++;
    } catch {
      // Gone already.
    }
  }
  return killed;
}
