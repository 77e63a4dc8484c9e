// A user's tasks.ts, as in deploykit's recipe: `pnpm dk deploy` ships ./nixos to every machine in HOSTS and
// switches them to it, all at once. `pnpm dk try-deploy` shows the same against sandbox hosts on this machine.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Host, parseHosts } from "@deploykit/core";
import { startSandbox } from "@deploykit/sandbox";
// Until @deploykit/tasks re-exports the built-in, reach it by path; then: import { deployNixos } from
// "@deploykit/tasks".
import { deployNixos, type NixosMeta } from "../packages/tasks/src/builtin/deploy-nixos/index.ts";

/** The fleet: each machine as `user@host[:port]`, and the nixosConfigurations attribute of ./nixos it runs. */
export const HOSTS: Readonly<Record<string, NixosMeta>> = {
  "root@web1.example.com": { flakeAttr: "web1" },
  "root@web2.example.com": { flakeAttr: "web2" },
};

// The configuration to ship: the flake next to this file.
const SOURCE = join(import.meta.dirname, "nixos");

/**
 * Deploy ./nixos to every machine in HOSTS at once: rsync it to each, then nixos-rebuild there.
 * Example: pnpm dk deploy --action test
 */
export async function deploy({
  action = "switch",
  hosts = process.env.DEPLOY_HOSTS,
  flakeAttr,
  configDir,
  key,
  hostKeyCheck = "strict",
}: {
  /** what nixos-rebuild does with the new system */
  action?: "switch" | "boot" | "test" | "build" | "dry-activate";
  /** other machines than HOSTS, user@host:port,… (when unset: $DEPLOY_HOSTS, else HOSTS) */
  hosts?: string;
  /** the nixosConfigurations attribute for every machine (default: its HOSTS entry, else its hostname) */
  flakeAttr?: string;
  /** where the configuration goes on the machines (default: /etc/nixos) */
  configDir?: string;
  /** ssh private key file */
  key?: string;
  /** how ssh checks host keys */
  hostKeyCheck?: "strict" | "tofu" | "none";
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
  await deployNixos(fleet, { source: SOURCE, action });
}

// Stands in for nixos-rebuild on sandbox hosts, which do not run NixOS: says what it was asked to do.
const STAND_IN = `#!/bin/sh\necho "stand-in for: nixos-rebuild $*"\n`;

/**
 * Try deploy on sandbox hosts: no NixOS machines needed.
 * Starts throwaway sshd hosts on 127.0.0.x whose nixos-rebuild is a stand-in that prints its arguments,
 * deploys ./nixos to them, and removes them again.
 * Example: pnpm dk try-deploy --hosts 3 --action test
 */
export async function tryDeploy({
  hosts = 2,
  action = "switch",
}: {
  /** how many sandbox hosts */
  hosts?: number;
  /** what nixos-rebuild is asked to do */
  action?: "switch" | "boot" | "test" | "build" | "dry-activate";
} = {}): Promise<void> {
  const bin = mkdtempSync(join(tmpdir(), "dk-try-deploy-"));
  writeFileSync(join(bin, "nixos-rebuild"), STAND_IN, { mode: 0o755 });
  const sandbox = await startSandbox({ hosts, env: { PATH: `${bin}:/usr/local/bin:/usr/bin:/bin` } });
  try {
    const attrs = Object.values(HOSTS).map((meta) => meta.flakeAttr);
    const fleet = parseHosts(sandbox.spec, sandbox.hostOptions).hosts.map(
      (host, i) =>
        new Host<NixosMeta>(host.hostname, {
          ...host,
          // Sandbox hosts all live on this machine, so each gets its own directory rather than /etc/nixos.
          meta: { flakeAttr: attrs[i % attrs.length] ?? "web1", configDir: join(sandbox.dir, host.hostname, "nixos") },
        }),
    );
    await deployNixos(fleet, { source: SOURCE, action });
  } finally {
    await sandbox.stop();
    rmSync(bin, { recursive: true, force: true });
  }
}
