// A host that another deployment holds is skipped untouched: in a rolling deploy that is no failure of this one (it
// tried nothing), so --max-failures does not count it; a canary skipped so stops the others all the same, saying so.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GroupError, type HostResult } from "@deploykit/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deployNixos, type Deployment, type NixosMeta } from "../../src/builtin/deploy-nixos/index.ts";
import { lockFile } from "../../src/builtin/deploy-nixos/lock-script.ts";
import { STATE_ROOT } from "../../src/builtin/deploy-nixos/state-dir.ts";
import { makeSource, startFleet, type Fleet } from "./helpers.ts";

let fleet: Fleet;
let source: string;
beforeAll(async () => {
  fleet = await startFleet(3);
  source = makeSource(join(fleet.work, "src"));
}, 60_000);
afterAll(async () => fleet?.stop());
beforeEach(() => fleet.clearRecords());

// The three hosts into configDir `name`, the first one's held by another deployment (its lease runs 10 minutes).
async function deployBusyFirst(name: string, options: { maxFailures?: number; canary?: string }) {
  const addresses = fleet.sandbox.addresses;
  const metas = addresses.map((address): NixosMeta => ({ configDir: fleet.configDir(address, name) }));
  const held = lockFile(metas[0]!.configDir!);
  const now = Math.floor(Date.now() / 1000);
  mkdirSync(STATE_ROOT, { recursive: true, mode: 0o700 });
  writeFileSync(held, `dk-deploy-other ${now + 600} ${now} ci@runner-7 pid 4242\n`);
  try {
    const error = await deployNixos(fleet.hosts(metas), {
      source,
      action: "test",
      batch: 1,
      summary: false,
      ...options,
    })
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GroupError);
    return (error as GroupError<Deployment>).results as HostResult<Deployment>[];
  } finally {
    rmSync(held, { force: true });
  }
}

describe("a host held by another deployment, in a rolling deploy", () => {
  it("is skipped, and --max-failures 1 does not count it: the other hosts deploy", async () => {
    const results = await deployBusyFirst("max", { maxFailures: 1 });
    expect(results.map((r) => r.ok)).toEqual([false, true, true]);
    expect(results[0]!.error).toMatchObject({ step: "lock", outcome: "skipped" });
    expect(results.slice(1).map((r) => r.result.outcome)).toEqual(["confirmed", "confirmed"]);
  }, 180_000);

  it("as the canary: the others are skipped, saying the canary was skipped, not that it failed", async () => {
    const canary = fleet.sandbox.addresses[0]!;
    const results = await deployBusyFirst("canary", { canary });
    expect(results[0]!.error).toMatchObject({ step: "lock", outcome: "skipped" });
    for (const r of results.slice(1)) {
      expect(r.error).toMatchObject({ outcome: "skipped", reason: `skipped: the canary ${canary} was skipped` });
    }
    expect(fleet.argv(fleet.sandbox.addresses[1]!)).toBeUndefined();
  }, 180_000);
});
