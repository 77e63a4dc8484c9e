// Ctrl-C during a deploy: dk exits at once, the detached activation keeps running, and an armed one that nobody
// confirms goes back by itself.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../helpers/build.ts";
import { dk } from "../helpers/dk.ts";
import { makeSource, startFleet, type Fleet } from "./helpers.ts";
import { until } from "./netns-helpers.ts";

const TASKS = join(import.meta.dirname, "fixtures", "dk-project", "tasks.ts");
let fleet: Fleet;
beforeAll(async () => {
  await ensureBuilt();
  fleet = await startFleet(1);
}, 120_000);
afterAll(async () => fleet?.stop());

describe("Ctrl-C during dk deploy-nixos", () => {
  it("leaves the activation running, says where and how to stop it, and the host rolls back unconfirmed", async () => {
    const address = fleet.sandbox.addresses[0]!;
    fleet.clearRecords();
    // Four seconds of "building, step N": dk is interrupted at the first.
    writeFileSync(join(fleet.records, `${address}.slow`), "4");
    const host = `root@${address}:${fleet.sandbox.port}`;
    const flags = [
      "--key",
      fleet.sandbox.key,
      "--host-key-check",
      "none",
      "--source",
      makeSource(join(fleet.work, "i")),
    ];
    const configDir = ["--config-dir", fleet.configDir(address, "interrupted"), "--confirm-timeout", "3"];
    const run = await dk(["-f", TASKS, "--verbose", "deploy-nixos", "--hosts", host, ...flags, ...configDir], {
      timeoutMs: 60_000,
      onOutput: { text: "building, step 1", act: (child) => child.kill("SIGINT") },
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(
      new RegExp(
        `\\[${address.replaceAll(".", "\\.")}\\] the activation (dk-deploy-\\S+) keeps running, and rolls back by ` +
          "itself since dk will not confirm it; log: /run/dk-deploy/\\1/log; " +
          "stop it: kill \\$\\(cat /run/dk-deploy/\\1/pid\\)",
      ),
    );
    // Without dk: the rebuild finishes, nobody confirms, and the host goes back to its first generation.
    await until("the host to roll back by itself", () =>
      fleet.steps(address).includes("switch-to-configuration switch 1"),
    );
    expect(fleet.steps(address)).toEqual([
      "nix-env --list-generations",
      "nixos-rebuild switch",
      expect.stringMatching(/^nix-env --set \/\S+\/systems\/2$/),
      "switch-to-configuration switch 2",
      "nix-env --list-generations",
      "nix-env --switch-generation 1",
      "nix-env --delete-generations 2",
      "switch-to-configuration switch 1",
    ]);
  }, 120_000);
});
