// Sandbox hosts for try-deploy: throwaway hosts on this machine that run a stand-in NixOS.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startNetnsHosts, startSandbox, writeNixosStandIn, type Sandbox } from "@deploykit/sandbox";
import { atExit } from "./at-exit.ts";

// A copy of ./nixos whose system takes `address`'s network down when activated (on the stand-in NixOS).
export function brokenCopy(source: string, dir: string, address: string): string {
  const copy = join(dir, "broken-nixos");
  cpSync(source, copy, { recursive: true });
  writeFileSync(join(copy, "network-down"), `${address}\n`);
  return copy;
}

// Sandbox hosts with the stand-in NixOS: on loopback, or in network namespaces when one must really go away.
export async function startTryHosts(count: number, netns: boolean) {
  if (netns) {
    if (process.getuid?.() !== 0) throw new Error("--break-network needs root: its hosts are network namespaces");
    const fleet = await startNetnsHosts({ hosts: Array.from({ length: count }, () => ({})), nixos: true });
    const hosts = fleet.hosts.map((h) => h.address);
    const stop = async () => {
      forgetActivations(fleet.dir);
      await fleet.stop();
    };
    return { hosts, user: "root", hostOptions: fleet.hostOptions, dir: fleet.dir, stop };
  }
  const bin = mkdtempSync(join(tmpdir(), "dk-try-deploy-"));
  // Ctrl-C before stop() (while the hosts start) or a start that fails: no stop() removes it then.
  const forgetBin = atExit(() => rmSync(bin, { recursive: true, force: true }));
  const removeBin = () => {
    forgetBin();
    rmSync(bin, { recursive: true, force: true });
  };
  let sandbox: Sandbox;
  try {
    writeNixosStandIn(join(bin, "bin"), join(bin, "records"));
    sandbox = await startSandbox({ hosts: count, env: { PATH: `${bin}/bin:/usr/local/bin:/usr/bin:/bin` } });
  } catch (error) {
    removeBin();
    throw error;
  }
  return {
    hosts: sandbox.addresses,
    user: sandbox.user,
    hostOptions: { ...sandbox.hostOptions, port: sandbox.port },
    dir: sandbox.dir,
    stop: async () => {
      forgetActivations(sandbox.dir);
      await sandbox.stop();
      removeBin();
    },
  };
}

/** Where deploy-nixos keeps each activation on a host, as its documentation says: `/run/dk-deploy/<id>`. */
export const ACTIVATIONS_DIR = "/run/dk-deploy";

/**
 * Removes what activations of sandbox hosts under `dir` left in /run/dk-deploy: a rolled-back activation keeps its
 * state (and log) on the host, and sandbox hosts share this machine's /run.
 */
export function forgetActivations(dir: string): void {
  if (!existsSync(ACTIVATIONS_DIR)) return;
  for (const name of readdirSync(ACTIVATIONS_DIR)) {
    const script = join(ACTIVATIONS_DIR, name, "activate.sh");
    if (existsSync(script) && readFileSync(script, "utf8").includes(dir)) {
      rmSync(join(ACTIVATIONS_DIR, name), { recursive: true, force: true });
    }
  }
}
