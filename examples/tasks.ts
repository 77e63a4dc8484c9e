// A user's tasks.ts, as in deploykit's recipe: `pnpm dk deploy` ships ./nixos to every machine in HOSTS and
// switches them to it; `pnpm dk --on @web deploy` only the web servers. `pnpm dk try-deploy` shows the same against
// sandbox hosts on this machine, and `pnpm dk try-deploy --break-network host2` a magic rollback.
import { join } from "node:path";
import { Host, parseHosts } from "@deploykit/core";
import { deployNixos, type NixosMeta } from "@deploykit/tasks";
import { brokenCopy, startTryHosts } from "./try-hosts.ts";
// A Fabric-style deploy of a small web app (upload, switch a symlink, restart): web-deploy and try-web-deploy.
export { tryWebDeploy, webDeploy } from "./web-deploy.ts";

/**
 * The fleet: each machine as `user@host[:port]`, the nixosConfigurations attribute of ./nixos it runs, and its tags
 * (`dk --on @web`, `group.select("@db")`).
 */
export const HOSTS: Readonly<Record<string, NixosMeta>> = {
  "root@web1.example.com": { flakeAttr: "web1", tags: ["web", "eu"] },
  "root@web2.example.com": { flakeAttr: "web2", tags: ["web", "us"] },
  // The database is checked harder before its deployment is confirmed.
  "root@db1.example.com": { flakeAttr: "db1", tags: ["db"], healthCheck: "systemctl is-active postgresql" },
};

// The configuration to ship: the flake next to this file.
const SOURCE = join(import.meta.dirname, "nixos");

/**
 * Deploy ./nixos to the machines in HOSTS: rsync it to each, then nixos-rebuild there; each rolls back by itself
 * unless confirmed. Example: pnpm dk --on 'web*' deploy --batch 1 --canary web1.example.com --max-failures 1
 */
export async function deploy({
  action = "switch",
  hosts,
  flakeAttr,
  configDir,
  key,
  hostKeyCheck = "strict",
  rollback = true,
  batch,
  canary,
  maxFailures,
  confirmTimeout,
  reboot,
  diff,
}: {
  /** what nixos-rebuild does with the new system */
  action?: "switch" | "boot" | "test" | "build" | "dry-activate";
  /** other machines than HOSTS, user@host:port,… (default: every machine in HOSTS; or set DK_DEPLOY_HOSTS) */
  hosts?: string;
  /** the nixosConfigurations attribute for every machine (default: its HOSTS entry, else its hostname) */
  flakeAttr?: string;
  /** where the configuration goes on the machines (default: /etc/nixos) */
  configDir?: string;
  /** ssh private key file */
  key?: string;
  /** how ssh checks host keys */
  hostKeyCheck?: "strict" | "tofu" | "none";
  /** magic rollback: a host goes back to its old generation unless dk confirms it over a new ssh connection */
  rollback?: boolean;
  /** hosts per batch, N or N% */
  batch?: string;
  /** a host deployed first, alone */
  canary?: string;
  /** start no new host once this many have failed */
  maxFailures?: number;
  /** seconds a host waits for dk's confirmation before it rolls back by itself (default 30) */
  confirmTimeout?: number;
  /** after --action boot: reboot each machine and check it runs the new system */
  reboot?: boolean;
  /** print what changes per machine before activating */
  diff?: boolean;
} = {}): Promise<void> {
  const ssh = { hostKeyCheck, ...(key === undefined ? {} : { key }) };
  const fleet = parseHosts(hosts ?? Object.keys(HOSTS).join(","), ssh).hosts.map((host) => {
    const meta: NixosMeta = {
      ...HOSTS[String(host)],
      ...(flakeAttr === undefined ? {} : { flakeAttr }),
      ...(configDir === undefined ? {} : { configDir }),
    };
    return new Host<NixosMeta>(host.hostname, { ...host, meta });
  });
  await deployNixos(fleet, {
    source: SOURCE,
    action,
    rollback,
    ...(batch === undefined ? {} : { batch }),
    ...(canary === undefined ? {} : { canary }),
    ...(maxFailures === undefined ? {} : { maxFailures }),
    ...(confirmTimeout === undefined ? {} : { confirmTimeout }),
    ...(reboot === undefined ? {} : { reboot }),
    ...(diff === undefined ? {} : { diff }),
  });
}

/**
 * Try deploy on sandbox hosts: no NixOS machines needed. Starts throwaway hosts on this machine running a stand-in
 * NixOS (nixos-rebuild, generations, a running system), named host1, host2, … and tagged like HOSTS, deploys ./nixos
 * to them with magic rollback, and removes them again. With --break-network, that host's new system takes its network
 * down: it really leaves the network (hosts in network namespaces, which needs root) and rolls back by itself.
 * Example: pnpm dk try-deploy --break-network host2
 */
export async function tryDeploy({
  hosts = 3,
  action = "switch",
  breakNetwork,
  confirmTimeout = 10,
}: {
  /** how many sandbox hosts */
  hosts?: number;
  /** what nixos-rebuild is asked to do */
  action?: "switch" | "boot" | "test" | "build" | "dry-activate";
  /** the sandbox host (host1, host2, …) whose new system takes its network down */
  breakNetwork?: string;
  /** seconds a host waits for dk's confirmation before it rolls back */
  confirmTimeout?: number;
} = {}): Promise<void> {
  // Checked before any sandbox host starts: the names are host1 … hostN.
  const names = Array.from({ length: Number.isInteger(hosts) && hosts > 0 ? hosts : 0 }, (_, i) => `host${i + 1}`);
  if (breakNetwork !== undefined && !names.includes(breakNetwork)) {
    throw new TypeError(
      `Expected \`--break-network\` to name a sandbox host (${names.join(", ")}), got \`${breakNetwork}\``,
    );
  }
  const sandbox = await startTryHosts(hosts, breakNetwork !== undefined);
  const metas = Object.values(HOSTS);
  try {
    const fleet = sandbox.hosts.map((address, i) => {
      const name = names[i]!;
      const { flakeAttr, tags } = metas[i % metas.length]!;
      return new Host<NixosMeta>(address, {
        ...sandbox.hostOptions,
        user: sandbox.user,
        commandPrefix: name,
        // Sandbox hosts share this machine's disk, so each gets its own directory rather than /etc/nixos.
        meta: { flakeAttr, tags, configDir: join(sandbox.dir, name, "nixos") },
      });
    });
    const broken = fleet.find((host) => host.commandPrefix === breakNetwork);
    // The stand-in reads `network-down` in the configuration: the hosts listed there lose their network.
    const source = broken === undefined ? SOURCE : brokenCopy(SOURCE, sandbox.dir, broken.hostname);
    await deployNixos(fleet, { source, action, confirmTimeout });
  } finally {
    await sandbox.stop();
  }
}
