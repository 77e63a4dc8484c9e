import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { HOSTS, deploy, tryDeploy } from "../../../../examples/tasks.ts";
import { startFleet, type Fleet } from "./helpers.ts";

const EXAMPLE = join(import.meta.dirname, "..", "..", "..", "..", "examples", "nixos");
let fleet: Fleet;

beforeAll(async () => void (fleet = await startFleet(1)));
afterAll(async () => fleet?.stop());
beforeEach(() => fleet.clearRecords());

describe("the example tasks.ts", () => {
  it("lists the fleet with a flake attribute per machine, and ships a flake", () => {
    expect(HOSTS).toEqual({
      "root@web1.example.com": { flakeAttr: "web1" },
      "root@web2.example.com": { flakeAttr: "web2" },
    });
    expect(readFileSync(join(EXAMPLE, "flake.nix"), "utf8")).toMatch(/web1 = machine "web1";\s+web2 = machine "web2";/);
  });

  it("deploys ./nixos to the hosts in DEPLOY_HOSTS and runs nixos-rebuild there", async () => {
    const address = fleet.sandbox.addresses[0]!;
    const configDir = fleet.configDir(address, "example");
    vi.stubEnv("DEPLOY_HOSTS", `root@${address}:${fleet.sandbox.port}`);
    try {
      await deploy({ action: "test", flakeAttr: "web2", configDir, key: fleet.sandbox.key, hostKeyCheck: "none" });
    } finally {
      vi.unstubAllEnvs();
    }
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
    const spy = vi.spyOn(process.stdout, "write");
    try {
      await tryDeploy({ hosts: 2, action: "boot" });
      const out = spy.mock.calls.map((call) => String(call[0])).join("");
      expect(out).toMatch(
        new RegExp(
          /\[127\.0\.0\.2\] stand-in for: nixos-rebuild boot --option accept-flake-config true .*/.source +
            /--flake \/tmp\/dk-sandbox-\w+\/127\.0\.0\.2\/nixos#web1\n/.source,
        ),
      );
      expect(out).toMatch(/\[127\.0\.0\.3\] stand-in for: nixos-rebuild boot .*#web2\n/);
      expect(out).toContain("deploy-nixos boot on 2 hosts: 2 ok, 0 failed\n");
      const sandboxDir = /--flake (\/tmp\/dk-sandbox-\w+)\//.exec(out)![1]!;
      expect(existsSync(sandboxDir)).toBe(false);
    } finally {
      spy.mockRestore();
    }
  });
});
