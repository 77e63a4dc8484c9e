// What ended activations leave in /run/dk-deploy on a host: a failed one keeps its state (the log its error names),
// but only the last few stay; each new activation sweeps older ones, never one that still runs or is starting.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { GroupError } from "@deploykit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployNixos, type Deployment, type HostDeployError } from "../../src/builtin/deploy-nixos/index.ts";
import { KEPT_ACTIVATIONS } from "../../src/builtin/deploy-nixos/sweep.ts";
import { captured, startNixosFleet, type NixosFleet } from "./netns-helpers.ts";

let fleet: NixosFleet;
beforeAll(async () => void (fleet = await startNixosFleet(1)), 60_000);
afterAll(async () => fleet?.stop());

const ID = /dk-deploy-[a-z0-9]+-[0-9a-f]{6}/;
const onHost = async (command: string) =>
  (await fleet.hosts()[0]!.run(command, { stdout: "pipe", echo: false })).stdout.trim();
// The activations' directories (not the mutex, locks or keepers' marks).
const stateDirs = async () =>
  (await onHost("ls -A /run/dk-deploy"))
    .split("\n")
    .filter((n) => n.startsWith("dk-deploy-") && !n.endsWith(".keeper"));

describe("the state of ended activations on a host", () => {
  it("a failed one stays, with its log; the next activation keeps the last few ended, and any running", async () => {
    // Ended ones, oldest first (minutes ago: 100, 99, …), whose pid no process has; one without a pid, older still.
    const ended = Array.from({ length: 7 }, (_, i) => `dk-deploy-ended${i}-00000${i}`);
    const make = (name: string, minutesAgo: number, pid: string) =>
      `mkdir -p /run/dk-deploy/${name} && ${pid} && touch -d @$(( $(date +%s) - ${minutesAgo * 60} )) ` +
      `/run/dk-deploy/${name}`;
    await onHost(
      [
        make("dk-deploy-nopid-00000a", 200, ":"),
        ...ended.map((name, i) => make(name, 100 - i, `echo 999999999 > /run/dk-deploy/${name}/pid`)),
        // Old, but its script runs (left running): kept whatever its age.
        make(
          "dk-deploy-running-00000b",
          300,
          "{ setsid sleep 300 </dev/null >/dev/null 2>&1 & echo $! > /run/dk-deploy/dk-deploy-running-00000b/pid; }",
        ),
        // Just made, no pid yet: a launch under way.
        "mkdir /run/dk-deploy/dk-deploy-starting-00000c",
      ].join("\n"),
    );

    writeFileSync(join(fleet.records, `${fleet.netns.hosts[0]!.address}.fail`), "");
    const failed = await captured(() => deployNixos(fleet.hosts(), { source: fleet.good, summary: false }));
    rmSync(join(fleet.records, `${fleet.netns.hosts[0]!.address}.fail`));
    const error = (failed.error as GroupError<Deployment>).results[0]!.error as HostDeployError;
    expect(error).toMatchObject({ step: "nixos-rebuild", outcome: "failed" });
    const failedId = ID.exec(failed.text)![0];
    expect(await onHost(`cat /run/dk-deploy/${failedId}/log`)).toContain("error: stand-in failure on");

    const good = await captured(() => deployNixos(fleet.hosts(), { source: fleet.good, summary: false }));
    expect(good.error).toBeUndefined();
    const goodId = ID.exec(good.text)![0];
    expect(goodId).not.toBe(failedId);
    // The good one's state went at its end; of the ended, the failed one and the newest before it are left.
    const kept = [failedId, ...ended.slice(-(KEPT_ACTIVATIONS - 1))];
    expect((await stateDirs()).sort()).toEqual(
      [...kept, "dk-deploy-running-00000b", "dk-deploy-starting-00000c"].sort(),
    );
  }, 120_000);
});
