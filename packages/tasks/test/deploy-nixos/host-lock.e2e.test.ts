// One system activates on a host at a time: a deployment of another configuration directory to a host where one
// activates is skipped, before anything is sent, naming the other; a build, or an activation of another machine (a
// targetHost), is not.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { GroupError } from "@deploykit/core";
import { waitUntil } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";
import { deployNixos, type HostDeployError, type NixosAction } from "../../src/builtin/deploy-nixos/index.ts";
import { STATE_ROOT } from "../../src/builtin/deploy-nixos/state-dir.ts";
import { useOneHost } from "./helpers.ts";

const one = useOneHost("src");

const deploy = (configDir: string, action: NixosAction = "test", targetHost?: string) =>
  deployNixos(one.fleet.hosts([{ configDir, flakeAttr: "web", ...(targetHost === undefined ? {} : { targetHost }) }]), {
    source: one.source,
    action,
    summary: false,
    ...(targetHost === undefined ? {} : { rollback: false }),
  });
const failure = (error: unknown) => (error as GroupError).failed[0]!.error as HostDeployError;
const rebuilds = () => one.fleet.steps(one.address).filter((step) => step.startsWith("nixos-rebuild"));
// This host's guard: the sandbox's hosts are this machine's loopback addresses, each its own host by address and port.
const guard = () => `host-lock:${one.address}:${one.fleet.sandbox.port}`;
const guarded = () => existsSync(STATE_ROOT) && readdirSync(STATE_ROOT).includes(guard());

describe("the host's activation guard", () => {
  it("skips a deployment of another directory while one activates there, sending nothing; a build goes", async () => {
    const first = one.fleet.configDir(one.address, "first");
    const second = one.fleet.configDir(one.address, "second");
    // The first switch waits once the profile is set: the host is between systems.
    one.fleet.hold(one.address, "switch");
    const running = deploy(first, "switch").then(
      () => "done",
      (error: unknown) => error,
    );
    try {
      await waitUntil(() => one.fleet.rebuildRuns(one.address), "the first deployment's nixos-rebuild to start");
      const skipped = await deploy(second).catch((error: unknown) => error);
      expect(skipped).toBeInstanceOf(GroupError);
      expect(failure(skipped)).toMatchObject({ step: "lock", outcome: "skipped" });
      expect(failure(skipped).reason).toMatch(
        new RegExp(
          `^skipped: another deployment activates a system on this host \\(dk-deploy-\\S+ of \\S+ pid ${process.pid}` +
            ` into ${first}, since \\d{4}-\\d\\d-\\d\\d \\S+ UTC\\); it keeps the host for another \\d+ s `,
        ),
      );
      // The guard's file, to remove once that dk is gone and its activation ended.
      const pid = readFileSync(join(STATE_ROOT, guard()), "utf8").split("\n")[1];
      expect(pid).toMatch(/^\d+$/);
      expect(failure(skipped).reason).toMatch(
        new RegExp(
          `; run again once it is done, or, if that dk is gone \\(it died, or lost the host\\) and its activation ` +
            `\\(pid ${pid} there\\) has ended, clear the host's guard sooner: ` +
            `rm -f ${join(STATE_ROOT, guard())} \\(as root on the host\\)$`,
        ),
      );
      expect(existsSync(join(second, "flake.nix")), "nothing was sent").toBe(false);
      expect(guarded(), "the first deployment holds the host's guard").toBe(true);
      // A build activates nothing, and an activation of another machine (targetHost) none of this host's: no guard.
      await deploy(second, "build");
      await deploy(one.fleet.configDir(one.address, "for-db1"), "test", "root@db1.example.com");
      expect(rebuilds()).toEqual(["nixos-rebuild switch", "nixos-rebuild build", "nixos-rebuild test"]);
    } finally {
      one.fleet.release(one.address);
      // Also when a check failed: the first deployment ends, letting go of its lock and guard, before the fleet stops.
      await running;
    }
    expect(await running).toBe("done");
    expect(guarded(), "the guard goes with the deployment").toBe(false);
    await deploy(second);
    expect(rebuilds()).toEqual([
      "nixos-rebuild switch",
      "nixos-rebuild build",
      "nixos-rebuild test",
      "nixos-rebuild test",
    ]);
  }, 120_000);
});
