import { dirname } from "node:path";
import { Host } from "@deploykit/core";
import { assertLimit, hostsOption } from "../input.ts";
import { deployNixos } from "./deploy.ts";
import { assertSourceFlags } from "./preflight.ts";
import type { NixosMeta } from "./types.ts";
import { assertExcludes, assertFlakeAttr, assertTargetHost, configDirOf } from "./validate.ts";

/**
 * Where the configuration comes from when `--source` is not given: dk names the tasks.ts it loaded in DK_TASKS_FILE.
 */
export function defaultSource(env: NodeJS.ProcessEnv = process.env): string {
  return env.DK_TASKS_FILE ? dirname(env.DK_TASKS_FILE) : process.cwd();
}

/**
 * Deploy a NixOS configuration to hosts, all at once: rsync it to each host, then run nixos-rebuild there.
 * Arguments after `--` go to nixos-rebuild.
 * Each host rolls back by itself unless dk confirms it over a new ssh connection (--no-rollback to go without).
 * Example: dk deploy-nixos --hosts root@web1,root@web2 --flake-attr web --batch 50% --canary web1 -- --show-trace
 */
export async function deployNixosTask(
  {
    hosts,
    flakeAttr,
    action = "switch",
    targetHost,
    configDir,
    source,
    exclude = [],
    limit,
    hostKeyCheck = "strict",
    key,
    rollback = true,
    confirmTimeout,
    healthTimeout,
    batch,
    canary,
    maxFailures,
    reboot = false,
    rebootTimeout,
    diff = false,
    detach = "auto",
    onInterrupt = "ask",
  }: {
    /** comma-separated hosts, user@host:port (IPv6: [::1]:22) */
    hosts: string;
    /** the nixosConfigurations attribute to build (default: each host's hostname) */
    flakeAttr?: string;
    /** what nixos-rebuild does with the new system */
    action?: "switch" | "boot" | "test" | "build" | "dry-activate";
    /**
     * where nixos-rebuild activates the system, [user@]host (default: localhost; another machine: --no-rollback, no
     * --diff)
     */
    targetHost?: string;
    /** directory on the hosts that receives the configuration, mirrored with --delete (default: /etc/nixos) */
    configDir?: string;
    /** local directory to ship, with flake.nix or configuration.nix (default: the directory of tasks.ts) */
    source?: string;
    /** rsync exclude patterns, on top of .rsync-filter files */
    exclude?: string[];
    /** how many hosts deploy at once (default: all) */
    limit?: number;
    /** how ssh checks host keys */
    hostKeyCheck?: "strict" | "tofu" | "none";
    /** ssh private key file */
    key?: string;
    /** magic rollback (switch, test): the host goes back unless dk confirms over a new ssh connection */
    rollback?: boolean;
    /** seconds a host waits for the confirmation before it rolls back by itself (default: 30) */
    confirmTimeout?: number;
    /** seconds the health check before the confirmation may take (default: 60) */
    healthTimeout?: number;
    /** hosts per batch, N or N% (default: all at once) */
    batch?: string;
    /** a host deployed first, alone; if it fails, no other host is touched */
    canary?: string;
    /** start no new host once this many have failed */
    maxFailures?: number;
    /** after --action boot: reboot each host and check it runs the new system */
    reboot?: boolean;
    /** seconds each host may take to reboot and come back, with --reboot (default: 600) */
    rebootTimeout?: number;
    /** print what changes per host (nvd or nix store diff-closures) before activating */
    diff?: boolean;
    /** how the activation is detached from ssh: systemd-run where systemd runs, else setsid */
    detach?: "auto" | "systemd-run" | "setsid";
    /**
     * Ctrl-C while activations run: ask (on a terminal, else stop; SIGTERM never asks), stop them (rolling back),
     * or leave them running
     */
    onInterrupt?: "ask" | "stop" | "leave";
  },
  extraArgs: readonly string[] = [],
): Promise<void> {
  // The flags every host's meta gets, checked once under their own names: a bad one is bad usage of its flag.
  if (flakeAttr !== undefined) assertFlakeAttr(flakeAttr, "flakeAttr");
  if (targetHost !== undefined) assertTargetHost(targetHost, "targetHost");
  if (configDir !== undefined) configDirOf(configDir, "configDir");
  assertExcludes(exclude, "exclude");
  assertLimit(limit);
  const from = source ?? defaultSource();
  assertSourceFlags(source, flakeAttr, from);
  const meta: NixosMeta = {
    ...(flakeAttr === undefined ? {} : { flakeAttr }),
    ...(targetHost === undefined ? {} : { targetHost }),
    ...(configDir === undefined ? {} : { configDir }),
  };
  const fleet = hostsOption(hosts, { hostKeyCheck, ...(key === undefined ? {} : { key }) }).hosts.map(
    (host) => new Host<NixosMeta>(host.hostname, { ...host, meta }),
  );
  await deployNixos(fleet, {
    source: from,
    action,
    excludes: exclude,
    extraArgs,
    ...(limit === undefined ? {} : { concurrency: limit }),
    rollback,
    reboot,
    diff,
    detach,
    onInterrupt,
    ...(batch === undefined ? {} : { batch }),
    ...(canary === undefined ? {} : { canary }),
    ...(maxFailures === undefined ? {} : { maxFailures }),
    ...(confirmTimeout === undefined ? {} : { confirmTimeout }),
    ...(healthTimeout === undefined ? {} : { healthTimeout }),
    ...(rebootTimeout === undefined ? {} : { rebootTimeout }),
  });
}
