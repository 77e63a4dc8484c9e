// --reboot after boot and --diff before activating, on a netns host running the stand-in NixOS.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { GroupError } from "@deploykit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployNixos, type Deployment, type HostDeployError } from "../../src/builtin/deploy-nixos/index.ts";
import { keeperMark } from "../../src/builtin/deploy-nixos/state-dir.ts";
import { captured, startNixosFleet, type NixosFleet } from "./netns-helpers.ts";

let fleet: NixosFleet;
beforeAll(async () => void (fleet = await startNixosFleet(1)), 60_000);
afterAll(async () => fleet?.stop());

const stepsSince = (since: number) =>
  fleet
    .steps(0)
    .filter(([at]) => at >= since)
    .map(([, step]) => step.replace(/ \/\S+\/systems\//, " systems/"));

describe("after and before the activation", () => {
  it("--reboot after boot: the host reboots (new boot id) and then runs the new system", async () => {
    const bootId = fleet.netns.hosts[0]!.bootId();
    const before = fleet.running(0);
    const started = Date.now();
    const run = await captured(() =>
      deployNixos(fleet.hosts(), { source: fleet.good, action: "boot", reboot: true, rebootTimeout: 60 }),
    );
    expect(run.error).toBeUndefined();
    const result = run.value![0]!.result;
    expect(result.outcome).toBe("rebooted");
    const n = /systems\/(\d+)$/.exec(result.system)![1];
    // boot only makes it the default; the reboot makes it run.
    expect(stepsSince(started)).toContain(`switch-to-configuration boot ${n}`);
    expect(before).not.toBe(`systems/${n}`);
    expect(fleet.running(0)).toBe(`systems/${n}`);
    expect(fleet.netns.hosts[0]!.bootId()).not.toBe(bootId);
    expect(fleet.netns.hosts[0]!.events().map((e) => e.event)).toEqual(["down", "up"]);
    expect(run.text).toMatch(/reboot: ssh ok after \d+\.\ds/);
    expect(run.text).toContain(`reboot: running the new system ${result.system}`);
    expect(run.text).toMatch(/ok +\d+\.\ds +rebooted into the new system\n/);
    // The reboot ends the lock keeper's connection (and clears the lock with /run): nothing to warn of.
    expect(run.text).not.toContain("no keeper");
    // The reboot killed the keeper before it could remove its mark: the release after it removed the mark instead.
    const id = / as (dk-deploy-[\w-]+)/.exec(run.text)![1]!;
    expect(existsSync(keeperMark(id))).toBe(false);
  }, 120_000);

  it("--diff: builds first and prints what changes, tagged, before activating", async () => {
    const started = Date.now();
    const run = await captured(() => deployNixos(fleet.hosts(), { source: fleet.good, action: "test", diff: true }));
    expect(run.error).toBeUndefined();
    const steps = stepsSince(started);
    const address = fleet.netns.hosts[0]!.address;
    expect(steps.indexOf("nixos-rebuild build")).toBeGreaterThanOrEqual(0);
    // nix-command enabled for this call: `nix store` must work on hosts that did not enable it.
    const diff = "nix --extra-experimental-features nix-command store diff-closures /run/current-system ./result";
    expect(steps.indexOf(diff)).toBeGreaterThan(steps.indexOf("nixos-rebuild build"));
    expect(steps.indexOf("nixos-rebuild test")).toBeGreaterThan(steps.indexOf("nixos-rebuild build"));
    expect(run.text).toMatch(
      new RegExp(`\\[${address.replaceAll(".", "\\.")}\\] stand-in closure diff of \\d+ -> \\d+:\n`),
    );
    expect(run.text).toContain(`[${address}] nginx: 1.24.0 → 1.26.2, +12.3 KiB\n`);
    expect(run.text.indexOf("nginx: 1.24.0")).toBeLessThan(run.text.indexOf("$ nixos-rebuild test"));
  }, 120_000);

  it("--diff uses nvd when the host has it, instead of nix store diff-closures", async () => {
    const host = fleet.netns.hosts[0]!;
    const nvd = join(fleet.netns.dir, host.namespace, "bin", "nvd");
    const calls = join(fleet.records, "nvd.calls");
    writeFileSync(nvd, `#!/bin/bash\necho "$*" >> ${calls}\necho "[U.]  #1  nginx  1.24.0 -> 1.26.2"\n`, {
      mode: 0o755,
    });
    try {
      const started = Date.now();
      const run = await captured(() => deployNixos(fleet.hosts(), { source: fleet.good, action: "test", diff: true }));
      expect(run.error).toBeUndefined();
      expect(readFileSync(calls, "utf8")).toBe("diff /run/current-system ./result\n");
      expect(run.text).toContain(`[${host.address}] [U.]  #1  nginx  1.24.0 -> 1.26.2\n`);
      expect(stepsSince(started).some((step) => step.includes("diff-closures"))).toBe(false);
    } finally {
      rmSync(nvd, { force: true });
      rmSync(calls, { force: true });
    }
  }, 120_000);

  it("--reboot: a host that comes back on another system than the new one fails, saying what it runs", async () => {
    // The host's boot loader does not take the new default: after the reboot it runs its first system.
    const marker = join(fleet.records, `${fleet.netns.hosts[0]!.address}.boot-old`);
    writeFileSync(marker, "");
    try {
      const run = await captured(() =>
        deployNixos(fleet.hosts(), { source: fleet.good, action: "boot", reboot: true, rebootTimeout: 60 }),
      );
      const error = (run.error as GroupError<Deployment>).results[0]!.error as HostDeployError;
      expect(error).toMatchObject({ step: "reboot", outcome: "failed" });
      expect(error.reason).toMatch(/after the reboot it runs \S+\/systems\/1, not the new system \S+\/systems\/\d+/);
      expect(fleet.running(0)).toBe("systems/1");
      expect(run.text).not.toContain("reboot: running the new system");
    } finally {
      rmSync(marker, { force: true });
    }
  }, 120_000);
});
