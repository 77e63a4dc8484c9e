// Rolling batches, a canary and max failures on 6 sandbox hosts running the stand-in NixOS, one of which fails.
import { join } from "node:path";
import { GroupError, type HostResult } from "@deploykit/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deployNixos, HostDeployError, type Deployment, type NixosMeta } from "../../src/builtin/deploy-nixos/index.ts";
import { makeSource, startFleet, type Fleet } from "./helpers.ts";
import { captured } from "./netns-helpers.ts";

let fleet: Fleet;
let source: string;
let addresses: string[];
beforeAll(async () => {
  fleet = await startFleet(6);
  addresses = [...fleet.sandbox.addresses];
  source = makeSource(join(fleet.work, "src"));
}, 60_000);
afterAll(async () => fleet?.stop());
beforeEach(() => {
  fleet.clearRecords();
  // The third host's nixos-rebuild fails.
  fleet.failOn(addresses[2]!);
});

const hosts = () => fleet.hosts(addresses.map((address): NixosMeta => ({ configDir: fleet.configDir(address) })));
const results = (error: unknown) => (error as GroupError<Deployment>).results as HostResult<Deployment>[];
const ran = () => addresses.map((address) => fleet.argv(address) !== undefined);
// Where in the output each host's rsync started: output is in time order.
const startOf = (text: string, address: string) => text.indexOf(`[${address}] $ rsync`);
const endOf = (text: string, address: string) => text.indexOf(`[${address}] confirmed over a new ssh connection`);

describe("rolling deploys", () => {
  it("--batch 2: a batch starts when the previous one is done; every host deployed; the failure reported", async () => {
    const run = await captured(() => deployNixos(hosts(), { source, batch: 2, action: "test" }));
    expect(run.error).toBeInstanceOf(GroupError);
    expect(results(run.error).map((r) => r.ok)).toEqual([true, true, false, true, true, true]);
    expect(ran()).toEqual([true, true, true, true, true, true]);
    const { text } = run;
    for (const [earlier, later] of [
      [
        [0, 1],
        [2, 3],
      ],
      [
        [2, 3],
        [4, 5],
      ],
    ] as const) {
      const done = Math.max(...earlier.map((i) => Math.max(endOf(text, addresses[i]!), startOf(text, addresses[i]!))));
      for (const i of later) expect(startOf(text, addresses[i]!)).toBeGreaterThan(done);
    }
    // Within a batch, at once: the second host started before the first was confirmed.
    expect(startOf(text, addresses[1]!)).toBeLessThan(endOf(text, addresses[0]!));
  }, 180_000);

  it("--canary: the failing canary goes first, alone, and no other host is touched", async () => {
    const run = await captured(() => deployNixos(hosts(), { source, canary: addresses[2]!, summary: true }));
    const all = results(run.error);
    expect(ran()).toEqual([false, false, true, false, false, false]);
    expect(all[2]!.error).toMatchObject({ outcome: "failed", step: "nixos-rebuild" });
    for (const i of [0, 1, 3, 4, 5]) {
      expect(all[i]!.error).toBeInstanceOf(HostDeployError);
      expect(all[i]!.error).toMatchObject({ outcome: "skipped", reason: `skipped: the canary ${addresses[2]} failed` });
    }
    expect(run.text).toContain(`deploy-nixos switch on 6 hosts: 0 ok, 1 failed, 5 skipped`);
  }, 180_000);

  it("--canary that succeeds goes first, then the rest", async () => {
    const run = await captured(() => deployNixos(hosts(), { source, canary: addresses[4]!, batch: "50%" }));
    expect(results(run.error).map((r) => r.ok)).toEqual([true, true, false, true, true, true]);
    const canaryDone = endOf(run.text, addresses[4]!);
    for (const i of [0, 1, 2, 3, 5]) expect(startOf(run.text, addresses[i]!)).toBeGreaterThan(canaryDone);
  }, 180_000);

  it("--max-failures 1: no new batch after the first failure; hosts already started finish", async () => {
    const run = await captured(() => deployNixos(hosts(), { source, batch: 2, maxFailures: 1, action: "test" }));
    const all = results(run.error);
    expect(all.map((r) => r.ok)).toEqual([true, true, false, true, false, false]);
    expect(ran()).toEqual([true, true, true, true, false, false]);
    expect(all[4]!.error).toMatchObject({ outcome: "skipped", reason: "skipped: 1 host failed (max failures 1)" });
  }, 180_000);
});
