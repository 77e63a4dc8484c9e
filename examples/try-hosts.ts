// Sandbox hosts for try-deploy: throwaway hosts on this machine that run a stand-in NixOS.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startNetnsHosts, startSandbox, writeNixosStandIn } from "@deploykit/sandbox";

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
    return { hosts, user: "root", hostOptions: fleet.hostOptions, dir: fleet.dir, stop: fleet.stop };
  }
  const bin = mkdtempSync(join(tmpdir(), "dk-try-deploy-"));
  writeNixosStandIn(join(bin, "bin"), join(bin, "records"));
  const sandbox = await startSandbox({ hosts: count, env: { PATH: `${bin}/bin:/usr/local/bin:/usr/bin:/bin` } });
  return {
    hosts: sandbox.addresses,
    user: sandbox.user,
    hostOptions: { ...sandbox.hostOptions, port: sandbox.port },
    dir: sandbox.dir,
    stop: async () => {
      await sandbox.stop();
      rmSync(bin, { recursive: true, force: true });
    },
  };
}
