// The host refuses to start the activation (no switch-to-configuration to roll back with): the host's failure says
// that nixos-rebuild could not start and why, in the launch's own words, not that nixos-rebuild failed.
import { mkdirSync, readlinkSync, symlinkSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { GroupError } from "@deploykit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployNixos, type Deployment, type HostDeployError } from "../../src/builtin/deploy-nixos/index.ts";
import { captured, startNixosFleet, type NixosFleet } from "./netns-helpers.ts";

let fleet: NixosFleet;
beforeAll(async () => void (fleet = await startNixosFleet(1)), 60_000);
afterAll(async () => fleet?.stop());

describe("a launch the host refuses", () => {
  it("without switch-to-configuration, with a rollback to arm: could not start nixos-rebuild, and why", async () => {
    const [host] = fleet.hosts();
    // The stand-in's first deployment makes its systems; the host then runs one that has no switch-to-configuration.
    expect((await captured(() => deployNixos([host!], { source: fleet.good, summary: false }))).error).toBeUndefined();
    const current = join(fleet.records, fleet.netns.hosts[0]!.address, "current");
    const system = readlinkSync(current);
    const bare = join(fleet.netns.dir, "not-nixos");
    mkdirSync(bare);
    symlinkSync(bare, `${current}.new`);
    renameSync(`${current}.new`, current);
    try {
      const run = await captured(() => deployNixos([host!], { source: fleet.good, summary: false }));
      const error = (run.error as GroupError<Deployment>).results[0]!.error as HostDeployError;
      expect(error).toMatchObject({ step: "nixos-rebuild", outcome: "failed" });
      expect(error.reason).toBe(
        "could not start nixos-rebuild (exit 3): no /run/current-system/bin/switch-to-configuration here, so no " +
          "rollback could be armed (is this NixOS?); deploy with --no-rollback to go without",
      );
    } finally {
      symlinkSync(system, `${current}.new`);
      renameSync(`${current}.new`, current);
    }
    expect(fleet.steps(0).filter(([, step]) => step === "nixos-rebuild switch")).toHaveLength(1);
  }, 120_000);
});
