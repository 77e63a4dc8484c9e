// The connection drops while dk starts the activation: the host may well run it (it is detached), so dk looks for it
// there, by its id, and follows it as after any other drop, rather than report that nixos-rebuild could not start.
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GroupError } from "@deploykit/core";
import { deployNixos, type Deployment, type HostDeployError } from "../../src/builtin/deploy-nixos/index.ts";
import { gatedCommand, heldLogin } from "./group-signal.ts";
import { captured, startNixosFleet, until, type NixosFleet } from "./netns-helpers.ts";

let fleet: NixosFleet;
beforeAll(async () => void (fleet = await startNixosFleet(1)), 60_000);
afterAll(async () => fleet?.stop());

describe("a connection dropped while the activation starts", () => {
  it("that started: dk finds it on the host, follows it to its end and says it re-attached", async () => {
    const [host] = fleet.hosts();
    const netnsHost = fleet.netns.hosts[0]!;
    const bin = join(fleet.netns.dir, netnsHost.namespace, "bin");
    const gate = join(fleet.netns.dir, "launch-gate");
    // The launch's setsid starts the activation, then holds the launch's session open until the gate goes.
    const file = gatedCommand(bin, "setsid", "/usr/bin/setsid", "activate.sh", gate);
    writeFileSync(gate, "");
    try {
      const pending = captured(() =>
        deployNixos([host!], { source: fleet.good, rollback: false, detach: "setsid", summary: false }),
      );
      await until("the activation to be started", () => existsSync(`${gate}.waiting`));
      expect(netnsHost.dropConnections()).toBeGreaterThan(0);
      const run = await pending;
      expect(run.error).toBeUndefined();
      expect(run.value![0]!.result).toMatchObject({ outcome: "activated" });
      expect(run.value![0]!.result.reattached).toBeGreaterThanOrEqual(1);
      expect(run.text).toMatch(/lost the connection while starting nixos-rebuild \(.*\); looking for it on the host/);
    } finally {
      for (const f of [gate, `${gate}.claimed`, `${gate}.waiting`, file]) rmSync(f, { recursive: true, force: true });
    }
    expect(fleet.steps(0).some(([, step]) => step === "nixos-rebuild switch")).toBe(true);
  }, 120_000);

  it("before it started: dk finds no trace of it on the host and says it did not start", async () => {
    const [host] = fleet.hosts();
    const netnsHost = fleet.netns.hosts[0]!;
    const gate = join(fleet.netns.dir, "login-gate");
    // The launch's login is held before its command runs, which then never does: the session died first.
    const file = heldLogin(join(fleet.netns.dir, netnsHost.namespace, "home"), "dk-launched", gate, "exit 1");
    writeFileSync(gate, "");
    const since = Date.now();
    try {
      const pending = captured(() =>
        deployNixos([host!], { source: fleet.good, rollback: false, detach: "setsid", summary: false }),
      );
      await until("the launch's login to be held", () => existsSync(`${gate}.waiting`));
      expect(netnsHost.dropConnections()).toBeGreaterThan(0);
      rmSync(gate);
      const run = await pending;
      const error = (run.error as GroupError<Deployment>).results[0]!.error as HostDeployError;
      expect(error).toMatchObject({ step: "nixos-rebuild", outcome: "failed" });
      expect(error.reason).toMatch(
        /^nixos-rebuild did not start: the connection dropped as dk started it \(.*\) and the host has no trace of /,
      );
      expect(error.reason).toMatch(/; the system did not change: deploy again$/);
    } finally {
      for (const f of [gate, `${gate}.claimed`, `${gate}.waiting`, file]) rmSync(f, { recursive: true, force: true });
    }
    expect(fleet.steps(0).filter(([at]) => at >= since)).toEqual([]);
  }, 120_000);
});
