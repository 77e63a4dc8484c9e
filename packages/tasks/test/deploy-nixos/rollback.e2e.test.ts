// Magic rollback and detached activation on hosts that really leave the network: netns test hosts running a stand-in
// NixOS whose generations, running system and activations are real files, and whose "broken" system takes the
// host's links down when activated.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GroupError } from "@deploykit/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deployNixos, HostDeployError, type Deployment } from "../../src/builtin/deploy-nixos/index.ts";
import { captured, startNixosFleet, until, type NixosFleet } from "./netns-helpers.ts";

let fleet: NixosFleet;
beforeAll(async () => void (fleet = await startNixosFleet(2)), 60_000);
afterAll(async () => fleet?.stop());
beforeEach(() => fleet.netns.hosts.forEach((host) => host.setLink(true)));

const CONFIRM_S = 5;
const stepsOf = (i: number, since = 0) =>
  fleet
    .steps(i)
    .filter(([at]) => at >= since)
    .map(([, step]) => step.replace(/ \/\S+\/systems\//, " systems/"));
const hostError = (error: unknown) => (error as GroupError<Deployment>).results[0]!.error as HostDeployError;
const at = (i: number, step: string, since: number) => fleet.steps(i).find(([t, s]) => t >= since && s === step)?.[0];

describe("magic rollback on netns hosts", () => {
  it("a switch that takes the network down goes back to the old generation by itself; dk: rolled back", async () => {
    const broken = fleet.hosts()[1]!;
    const before = fleet.running(1);
    const started = Date.now();
    const run = await captured(() => deployNixos([broken], { source: fleet.broken, confirmTimeout: CONFIRM_S }));
    const tookMs = Date.now() - started;

    const error = hostError(run.error);
    expect(error).toBeInstanceOf(HostDeployError);
    expect(error).toMatchObject({ outcome: "rolled back", step: "confirm" });
    expect(error.reason).toMatch(new RegExp(`^rolled back: no confirmation within ${CONFIRM_S} s`));
    // The flow on the host: note the generation, a new one, its activation (links down), then without dk: back to
    // the old generation, the failed one deleted, the old system activated again (links up).
    const steps = stepsOf(1, started);
    const n = Number(/switch-to-configuration switch (\d+)/.exec(steps.join("\n"))![1]);
    const old = before.replace("systems/", "");
    expect(steps).toEqual([
      "nix-env --list-generations",
      "nixos-rebuild switch",
      `nix-env --set systems/${n}`,
      `switch-to-configuration switch ${n}`,
      "nix-env --list-generations",
      expect.stringMatching(/^nix-env --switch-generation \d+$/),
      expect.stringMatching(/^nix-env --delete-generations \d+$/),
      `switch-to-configuration switch ${old}`,
    ]);
    expect(fleet.running(1)).toBe(before);
    expect(fleet.generations(1).filter((g) => g.endsWith("(current)"))).toHaveLength(1);
    // Back by itself within the confirm timeout plus the time to roll back; dk saw it and said so.
    const activated = at(1, `switch-to-configuration switch ${n}`, started)!;
    // Armed when nixos-rebuild ended (the generation noted again); the rollback begins at the deadline.
    const armed = fleet.steps(1).filter(([t, step]) => t >= started && step === "nix-env --list-generations")[1]![0];
    const begins = fleet.steps(1).find(([t, step]) => t >= started && step.includes("--switch-generation"))![0];
    const back = at(1, `switch-to-configuration switch ${old}`, started)!;
    expect(begins - armed).toBeGreaterThanOrEqual(CONFIRM_S * 1000);
    // Up to a second of bash's whole-second SECONDS, a 0.2 s loop, and the forks of a busy machine.
    expect(begins - armed).toBeLessThan((CONFIRM_S + 4) * 1000);
    expect(back - activated).toBeLessThan((CONFIRM_S + 15) * 1000);
    expect(tookMs).toBeLessThan((CONFIRM_S + 60) * 1000);
    expect(run.text).toContain(`dk: rolling back to `);
    expect(run.text).toMatch(/\n169\.254\.\S+ +failed +\d+\.\ds +rolled back: no confirmation within 5 s/);
    console.log(
      `rollback began ${begins - armed} ms after arming; old system back ${back - activated} ms after the ` +
        `activation; dk reported after ${tookMs} ms`,
    );
  }, 120_000);

  it("confirms a good switch only over a new ssh connection and after the health check", async () => {
    const healthCheck = `echo "$SSH_CONNECTION" > ${join(fleet.records, "health-check")}; echo healthy`;
    const good = fleet.hosts([{ healthCheck }])[0]!;
    const started = Date.now();
    const run = await captured(() => deployNixos([good], { source: fleet.good, confirmTimeout: CONFIRM_S }));
    expect(run.error).toBeUndefined();
    expect(run.value![0]!.result).toMatchObject({ outcome: "confirmed", reattached: 0 });
    const n = fleet.running(0).replace("systems/", "");
    expect(stepsOf(0, started)).toEqual([
      "nix-env --list-generations",
      "nixos-rebuild switch",
      `nix-env --set systems/${n}`,
      `switch-to-configuration switch ${n}`,
      "nix-env --list-generations",
    ]);
    expect(run.value![0]!.result.system).toMatch(new RegExp(`/systems/${n}$`));
    // Client ports: the activation's session and the confirming one are different TCP connections.
    const port = (file: string) => readFileSync(join(fleet.records, file), "utf8").split(" ")[1];
    expect(port("health-check")).toMatch(/^\d+$/);
    expect(port("health-check")).not.toBe(port(`${fleet.netns.hosts[0]!.address}.ssh`));
    expect(run.text).toMatch(/confirmed over a new ssh connection, health check passed/);
    expect(run.text).toMatch(/\n169\.254\.\S+ +ok +\d+\.\ds +confirmed\n/);
  }, 120_000);

  it("a failing health check rolls back at once, not at the deadline, and says why", async () => {
    const healthCheck = "echo 'nginx is not answering' >&2; exit 3";
    const good = fleet.hosts([{ healthCheck }])[0]!;
    const before = fleet.running(0);
    const started = Date.now();
    const run = await captured(() => deployNixos([good], { source: fleet.good, confirmTimeout: 60 }));
    expect(Date.now() - started).toBeLessThan(45_000);
    const error = hostError(run.error);
    expect(error.outcome).toBe("rolled back");
    expect(error.reason).toBe("rolled back: health check failed (exit 3): nginx is not answering");
    expect(fleet.running(0)).toBe(before);
  }, 120_000);

  it("a slow health check that started in time gets its own time: confirmed after the confirm timeout", async () => {
    const good = fleet.hosts([{ healthCheck: "sleep 8; echo slow but fine" }])[0]!;
    const started = Date.now();
    const run = await captured(() => deployNixos([good], { source: fleet.good, confirmTimeout: CONFIRM_S }));
    expect(run.error).toBeUndefined();
    expect(run.value![0]!.result.outcome).toBe("confirmed");
    expect(Date.now() - started).toBeGreaterThan(8000);
    expect(stepsOf(0, started).some((step) => step.includes("--switch-generation"))).toBe(false);
  }, 120_000);

  it("--no-rollback: nothing is armed, the broken system stays, and dk waits for the host to come back", async () => {
    const broken = fleet.hosts()[1]!;
    const started = Date.now();
    const pending = captured(() => deployNixos([broken], { source: fleet.broken, rollback: false, summary: false }));
    await until("the broken system to be activated", () => stepsOf(1, started).some((s) => s.startsWith("switch-to")));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    // Someone plugs the host back in by hand: only then does dk reach it again.
    fleet.netns.hosts[1]!.setLink(true);
    const run = await pending;
    expect(run.error).toBeUndefined();
    expect(run.value![0]!.result).toMatchObject({ outcome: "activated" });
    expect(stepsOf(1, started).filter((s) => s.startsWith("switch-to") || s.includes("generation "))).toEqual([
      expect.stringMatching(/^switch-to-configuration switch \d+$/),
    ]);
    expect(run.text).not.toContain("rollback armed");
  }, 120_000);
});

describe("activation detached from the ssh session", () => {
  it("survives a connection killed mid-activation: dk re-attaches and prints every line once", async () => {
    const host = fleet.hosts()[0]!;
    // The build prints its steps, then waits at a hold until released: the drop comes while it surely runs, and dk
    // surely follows it, however late a busy machine shows dk its lines.
    const hold = join(fleet.records, `${host.hostname}.hold`);
    fleet.slow(0, 3);
    writeFileSync(hold, "build");
    const started = Date.now();
    let soFar = () => "";
    const pending = captured(
      () => deployNixos([host], { source: fleet.good, confirmTimeout: CONFIRM_S }),
      (text) => (soFar = text),
    );
    try {
      await until("dk to follow the held build", () => soFar().includes("holding at build"));
      expect(stepsOf(0, started)).toContain("nixos-rebuild switch");
      expect(fleet.netns.hosts[0]!.dropConnections()).toBeGreaterThan(0);
      await until("dk to notice the drop", () => /lost the connection \(.*\); re-attaching/.test(soFar()));
    } finally {
      rmSync(hold, { force: true });
    }
    const run = await pending;
    fleet.slow(0, 0);

    expect(run.error).toBeUndefined();
    expect(run.value![0]!.result).toMatchObject({ outcome: "confirmed" });
    expect(run.value![0]!.result.reattached).toBeGreaterThanOrEqual(1);
    for (const line of [
      "building, step 1",
      "building, step 2",
      "building, step 3",
      "stand-in nixos-rebuild: holding",
    ]) {
      expect(run.text.split(`] ${line}`)).toHaveLength(2);
    }
    expect(run.text).toMatch(/lost the connection \(.*\); re-attaching/);
    expect(run.text).toMatch(/re-attached after \d+\.\ds; the activation kept running/);
  }, 120_000);

  it("detach: systemd-run starts the activation as a transient unit with the session's PATH", async () => {
    const started = Date.now();
    const host = fleet.hosts()[0]!;
    const run = await captured(() =>
      deployNixos([host], { source: fleet.good, detach: "systemd-run", summary: false }),
    );
    expect(run.error).toBeUndefined();
    expect(run.value![0]!.result.outcome).toBe("confirmed");
    const unit = stepsOf(0, started).find((step) => step.startsWith("systemd-run "));
    const flags = "--collect --no-ask-password --quiet --service-type=exec";
    expect(unit).toMatch(new RegExp(`^systemd-run --unit=dk-deploy-[a-z0-9]+-[0-9a-f]{6} ${flags} --setenv=PATH=`));
    // The session's PATH (the host's own bin first), then bash running the script in the activation's state.
    // Handed the host's guard: a host of its own (its own /run), not on a loopback address.
    expect(unit).toMatch(
      new RegExp(
        / --setenv=PATH=\S*dkr-\S+\/bin:\S* -- \S+\/bash \/run\/dk-deploy\/dk-deploy-\S+\/activate\.sh /.source +
          /\/run\/dk-deploy\/host-lock$/.source,
      ),
    );
    expect(run.text).toMatch(/\(detached with systemd-run as dk-deploy-/);
  }, 120_000);
});
