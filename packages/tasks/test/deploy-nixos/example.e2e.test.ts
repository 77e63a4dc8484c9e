import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HOSTS, deploy, tryDeploy } from "../../../../examples/tasks.ts";
import { GroupError } from "@deploykit/core";
import { startFleet, type Fleet } from "./helpers.ts";
import { captured } from "./netns-helpers.ts";
import { escapeRegExp } from "../helpers/escape.ts";

const EXAMPLE = join(import.meta.dirname, "..", "..", "..", "..", "examples", "nixos");
let fleet: Fleet;

beforeAll(async () => void (fleet = await startFleet(1)));
afterAll(async () => fleet?.stop());
beforeEach(() => fleet.clearRecords());

describe("the example tasks.ts", () => {
  it("lists the fleet with a flake attribute and tags per machine, and ships a flake with those attributes", () => {
    expect(Object.keys(HOSTS)).toEqual(["root@web1.example.com", "root@web2.example.com", "root@db1.example.com"]);
    expect(Object.values(HOSTS).map((meta) => [meta.flakeAttr, meta.tags])).toEqual([
      ["web1", ["web", "eu"]],
      ["web2", ["web", "us"]],
      ["db1", ["db"]],
    ]);
    expect(readFileSync(join(EXAMPLE, "flake.nix"), "utf8")).toMatch(
      /web1 = machine "web1";\s+web2 = machine "web2";\s+db1 = machine "db1";/,
    );
  });

  it("deploys ./nixos to the hosts given and runs nixos-rebuild there", async () => {
    const address = fleet.sandbox.addresses[0]!;
    const configDir = fleet.configDir(address, "example");
    const hosts = `root@${address}:${fleet.sandbox.port}`;
    await deploy({ action: "test", hosts, flakeAttr: "web2", configDir, key: fleet.sandbox.key, hostKeyCheck: "none" });
    expect(readFileSync(join(configDir, "flake.nix"), "utf8")).toBe(readFileSync(join(EXAMPLE, "flake.nix"), "utf8"));
    expect(existsSync(join(configDir, "common.nix"))).toBe(true);
    expect(fleet.argv(address)).toEqual([
      "test",
      "--option",
      "accept-flake-config",
      "true",
      "--build-host",
      "localhost",
      "--target-host",
      "localhost",
      "--flake",
      `${configDir}#web2`,
    ]);
  });

  it("try-deploy runs the whole flow against its own sandbox hosts and cleans up", async () => {
    const run = await captured(() => tryDeploy({ hosts: 2, action: "boot" }));
    expect(run.error).toBeUndefined();
    // The sandbox's files are in the temporary directory (TMPDIR), removed at the end.
    const flake = new RegExp(`--flake (${escapeRegExp(join(tmpdir(), "dk-sandbox-"))}\\w+)/host1/nixos#web1 `);
    expect(run.text).toMatch(/\[host1\] \$ nixos-rebuild boot --option accept-flake-config true .*--flake /);
    expect(run.text).toMatch(flake);
    expect(run.text).toMatch(/\[host2\] stand-in nixos-rebuild: boot on 127\.0\.0\.3\n/);
    expect(run.text).toContain("deploy-nixos boot on 2 hosts: 2 ok, 0 failed\n");
    const sandboxDir = flake.exec(run.text)![1]!;
    expect(existsSync(sandboxDir)).toBe(false);
  });

  it("--break-network host2: host2 leaves the network and rolls back by itself; the others confirm", async () => {
    const run = await captured(() => tryDeploy({ breakNetwork: "host2", confirmTimeout: 5 }));
    expect(run.error).toBeInstanceOf(GroupError);
    expect(run.text).toMatch(/\nhost1 +ok +\d+\.\ds +confirmed\n/);
    expect(run.text).toMatch(/\nhost2 +failed +\d+\.\ds +rolled back: no confirmation within 5 s/);
    expect(run.text).toMatch(/\nhost3 +ok +\d+\.\ds +confirmed\n/);
    expect(run.text).toContain("deploy-nixos switch on 3 hosts: 2 ok, 1 failed\n");
    // Refused before any sandbox host starts, naming the hosts there would be.
    await expect(tryDeploy({ breakNetwork: "host9", hosts: 2 })).rejects.toThrow(
      "Expected `--break-network` to name a sandbox host (host1, host2), got `host9`",
    );
  }, 120_000);
});
