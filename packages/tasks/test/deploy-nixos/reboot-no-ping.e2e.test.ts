// --reboot on a machine without ping: the host is watched by its ssh port, and its lines say so once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployNixos } from "../../src/builtin/deploy-nixos/index.ts";
import { withoutPing } from "../reboot/helpers.ts";
import { captured, startNixosFleet, type NixosFleet } from "./netns-helpers.ts";

let fleet: NixosFleet;
beforeAll(async () => void (fleet = await startNixosFleet(1)), 60_000);
afterAll(async () => fleet?.stop());

describe("--reboot without ping on this machine", () => {
  it("reboots the host, watching its ssh port, and it then runs the new system", async () => {
    const bootId = fleet.netns.hosts[0]!.bootId();
    const run = await withoutPing(() =>
      captured(() =>
        deployNixos(fleet.hosts(), { source: fleet.good, action: "boot", reboot: true, rebootTimeout: 60 }),
      ),
    );
    expect(run.error).toBeUndefined();
    const result = run.value![0]!.result;
    expect(result.outcome).toBe("rebooted");
    expect(fleet.netns.hosts[0]!.bootId()).not.toBe(bootId);
    expect(fleet.netns.hosts[0]!.events().map((e) => e.event)).toEqual(["down", "up"]);
    const address = fleet.netns.hosts[0]!.address;
    expect(run.text).toContain(
      `[${address}] reboot: note: \`ping\` is not installed on this machine: watching hosts by a TCP connect to their` +
        " ssh port instead",
    );
    expect(run.text.match(/ping` is not installed/g)).toHaveLength(1);
    expect(run.text).toMatch(/reboot: up after \d+\.\ds \(port 22 open\)/);
    expect(run.text).toContain(`reboot: running the new system ${result.system}`);
  }, 120_000);
});
