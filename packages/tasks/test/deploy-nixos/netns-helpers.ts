import { cpSync, existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Host } from "@deploykit/core";
import { startNetnsHosts, type NetnsFleet, type NetnsHostOptions } from "@deploykit/sandbox";
import { vi } from "vitest";
import { forgetActivations } from "../../../../examples/try-hosts.ts";
import type { NixosMeta } from "../../src/builtin/deploy-nixos/index.ts";
import { makeSource } from "./helpers.ts";

/** Netns test hosts running the stand-in NixOS, with what the tests read from it. */
export type NixosFleet = {
  readonly netns: NetnsFleet;
  readonly records: string;
  /** A good configuration, and one whose system takes the host's links down when activated. */
  readonly good: string;
  readonly broken: string;
  hosts(metas?: readonly NixosMeta[]): Host<NixosMeta>[];
  /** What the stand-in did on host `i`: [ms since the epoch, step]. */
  steps(i: number): Array<readonly [number, string]>;
  /** The system host `i` runs now (`systems/N`) and its profile's generations. */
  running(i: number): string;
  generations(i: number): string[];
  /** Makes nixos-rebuild on host `i` print a line a second for `seconds` before it builds. */
  slow(i: number, seconds: number): void;
  stop(): Promise<void>;
};

/**
 * `count` hosts, each as `host` says (by default: each reboot takes it off the network for 2 s); with `bastion`,
 * reached only through a jump host.
 */
export async function startNixosFleet(
  count: number,
  host: NetnsHostOptions = {},
  { bastion = false } = {},
): Promise<NixosFleet> {
  const hosts = Array.from({ length: count }, () => host);
  const netns = await startNetnsHosts({ hosts, nixos: true, bastion });
  const records = netns.nixosRecords!;
  const good = makeSource(join(netns.dir, "good"));
  const broken = join(netns.dir, "broken");
  cpSync(good, broken, { recursive: true, verbatimSymlinks: true });
  // Empty: the system takes every host's network down.
  writeFileSync(join(broken, "network-down"), "");
  const address = (i: number) => netns.hosts[i]!.address;
  const state = (i: number) => join(records, address(i));
  return {
    netns,
    records,
    good,
    broken,
    hosts: (metas = []) =>
      netns.hosts.map(
        (host, i) =>
          new Host<NixosMeta>(host.address, {
            user: "root",
            ...netns.hostOptions,
            meta: { configDir: join(netns.dir, host.namespace, "nixos"), flakeAttr: "web", ...metas[i] },
          }),
      ),
    steps: (i) => {
      const file = join(records, `${address(i)}.log`);
      if (!existsSync(file)) return [];
      return readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => [Number(line.slice(0, line.indexOf(" "))), line.slice(line.indexOf(" ") + 1)] as const);
    },
    // A host the stand-in has not seen yet runs its first system.
    running: (i) =>
      existsSync(join(state(i), "current"))
        ? readlinkSync(join(state(i), "current")).replace(`${state(i)}/`, "")
        : "systems/1",
    generations: (i) => {
      const profile = readFileSync(join(state(i), "profile"), "utf8").trim();
      const dir = join(state(i), "generations");
      const numbers = existsSync(dir) ? readdirSync(dir).sort((a, b) => Number(a) - Number(b)) : [];
      return numbers.map((g) => `${g}${g === profile ? " (current)" : ""}`);
    },
    slow: (i, seconds) => writeFileSync(join(records, `${address(i)}.slow`), String(seconds)),
    stop: async () => {
      forgetActivations(netns.dir);
      await netns.stop();
    },
  };
}

/**
 * What the deployments that wrote `text` (named by their ids) left in this machine's /run/dk-deploy: their state, their
 * keepers' marks, the locks of the fleet's configuration directories. A test host's /run is its own, so: nothing.
 */
export function leftOnThisMachine(fleet: NixosFleet, text: string): string[] {
  const ids = new Set(text.match(/dk-deploy-[a-z0-9]+-[0-9a-f]{6}/g) ?? []);
  const locks = `lock${fleet.netns.dir.replaceAll("/", ":")}:`;
  const root = "/run/dk-deploy";
  const names = existsSync(root) ? readdirSync(root) : [];
  return names.filter((name) => name.startsWith(locks) || ids.has(name.replace(/\.keeper$/, "")));
}

/** Waits (at most `ms`) until `check` is true; fails saying what it waited for. */
export async function until(what: string, check: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`waited ${ms / 1000} s for ${what}`);
    await sleep(100);
  }
}

/** Everything written to stdout and stderr while `fn` runs, still let through. */
export async function captured<T>(
  fn: () => Promise<T>,
  watch?: (soFar: () => string) => void,
): Promise<{ value?: T; error?: unknown; text: string }> {
  const out = vi.spyOn(process.stdout, "write");
  const err = vi.spyOn(process.stderr, "write");
  const text = () => [...out.mock.calls, ...err.mock.calls].map((call) => String(call[0])).join("");
  watch?.(text);
  try {
    return { value: await fn(), text: text() };
  } catch (error) {
    return { error, text: text() };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
