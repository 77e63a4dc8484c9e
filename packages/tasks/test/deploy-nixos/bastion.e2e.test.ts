// deploy-nixos on a host reachable only through a bastion (ProxyJump): this machine has no route to it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployNixos } from "../../src/builtin/deploy-nixos/index.ts";
import { captured, startNixosFleet, type NixosFleet } from "./netns-helpers.ts";

let fleet: NixosFleet;
beforeAll(async () => void (fleet = await startNixosFleet(1, {}, { bastion: true })), 60_000);
afterAll(async () => fleet?.stop());

describe("deploy-nixos through a bastion", () => {
  it("--reboot after boot: watches the reboot over ssh and then checks the new system", async () => {
    const bootId = fleet.netns.hosts[0]!.bootId();
    const run = await captured(() =>
      deployNixos(fleet.hosts(), { source: fleet.good, action: "boot", reboot: true, rebootTimeout: 60 }),
    );
    expect(run.error).toBeUndefined();
    const result = run.value![0]!.result;
    expect(result.outcome).toBe("rebooted");
    expect(fleet.netns.hosts[0]!.bootId()).not.toBe(bootId);
    expect(fleet.running(0)).toBe(result.system.replace(/^.*\/(systems\/\d+)$/, "$1"));
    expect(run.text).toContain("reboot: reached through a jump host (ProxyJump dk-bastion): watching it over ssh");
    expect(run.text).toMatch(/reboot: ssh ok after \d+\.\ds/);
    expect(run.text).toContain(`reboot: running the new system ${result.system}`);
  }, 120_000);

  it("switch with magic rollback: confirms over a new ssh connection through the bastion", async () => {
    const run = await captured(() => deployNixos(fleet.hosts(), { source: fleet.good, action: "switch" }));
    expect(run.error).toBeUndefined();
    expect(run.value![0]!.result.outcome).toBe("confirmed");
  }, 120_000);
});
