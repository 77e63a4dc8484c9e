// --reboot after boot, on a host that never comes back: the host fails at the reboot step, its reason named once.
import type { GroupError } from "@deploykit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployNixos, type Deployment, type HostDeployError } from "../../src/builtin/deploy-nixos/index.ts";
import { captured, leftOnThisMachine, startNixosFleet, type NixosFleet } from "./netns-helpers.ts";

let fleet: NixosFleet;
beforeAll(async () => void (fleet = await startNixosFleet(1, { downFor: Infinity })), 60_000);
afterAll(async () => fleet?.stop());

describe("--reboot when the host does not come back", () => {
  it("fails the host at the reboot step, saying why without its tag twice", async () => {
    const run = await captured(() =>
      deployNixos(fleet.hosts(), { source: fleet.good, action: "boot", reboot: true, rebootTimeout: 5 }),
    );
    const error = (run.error as GroupError<Deployment>).results[0]!.error as HostDeployError;
    const address = fleet.netns.hosts[0]!.address;
    expect(error).toMatchObject({ step: "reboot", outcome: "failed" });
    expect(error.reason).toMatch(/^reboot failed: did not come back within 5 s: no answer to ping since \d+\.\ds;/);
    expect(error.message).toBe(`[${address}] ${error.reason}`);
    // The reboot that killed the lock's keeper cleared the host's /run, as a real one does: no lock, no keeper's mark.
    expect(run.text).toMatch(/dk-deploy-[a-z0-9]+-[0-9a-f]{6}/);
    expect(leftOnThisMachine(fleet, run.text)).toEqual([]);
  }, 120_000);
});
