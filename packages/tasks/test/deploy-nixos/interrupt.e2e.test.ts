// Ctrl-C (SIGINT) during dk deploy-nixos without a terminal: --on-interrupt stop (the default there) stops the
// activation on the host and waits for it; leave exits at once and the activation carries on without dk.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { waitUntil } from "@deploykit/sandbox";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { STATE_ROOT } from "../../src/builtin/deploy-nixos/state-dir.ts";
import { BUILD_HOOK_MS, ensureBuilt } from "../helpers/build.ts";
import { dk } from "../helpers/dk.ts";
import { makeSource, startFleet, type Fleet } from "./helpers.ts";

const TASKS = join(import.meta.dirname, "fixtures", "dk-project", "tasks.ts");
let fleet: Fleet;
let address: string;
let source: string;
beforeAll(async () => {
  await ensureBuilt();
  fleet = await startFleet(1);
  address = fleet.sandbox.addresses[0]!;
  source = makeSource(join(fleet.work, "i"));
}, BUILD_HOOK_MS + 60_000);
afterAll(async () => fleet?.stop());
beforeEach(() => fleet.clearRecords());

// dk deploy-nixos on the one host, interrupted by SIGINT (or `signal`) once the stand-in says it holds; what the
// host did by the time dk exited.
const interrupted = (name: string, ...flags: string[]) => signalled("SIGINT", name, ...flags);
async function signalled(signal: NodeJS.Signals, name: string, ...flags: string[]) {
  const host = `root@${address}:${fleet.sandbox.port}`;
  const args = ["--key", fleet.sandbox.key, "--host-key-check", "none", "--source", source];
  const configDir = ["--config-dir", fleet.configDir(address, name), "--confirm-timeout", "3"];
  const run = await dk(["-f", TASKS, "--verbose", "deploy-nixos", "--hosts", host, ...args, ...configDir, ...flags], {
    timeoutMs: 90_000,
    onOutput: { text: "holding at", act: (child) => child.kill(signal) },
  });
  return { ...run, stepsAtExit: fleet.steps(address), runsAtExit: fleet.rebuildRuns(address) };
}

const tag = () => `[${address}]`;

describe("Ctrl-C during dk deploy-nixos, no terminal", () => {
  it("by default stops the activation before the system changed, and waits for it before exiting (130)", async () => {
    fleet.hold(address, "build");
    const run = await interrupted("default");
    expect(run.code).toBe(130);
    expect(run.stderr).toContain("dk: no terminal to ask on: stopping (--on-interrupt leave keeps it running)\n");
    expect(run.stderr).toContain("dk: stopping the activation on 1 host (waiting up to 15 s)\n");
    expect(run.stderr).toContain(`${tag()} stopped: nixos-rebuild did not change the system\n`);
    // Stopped on the host before dk exited: the rebuild is gone, and it never got to the new system.
    expect(run.runsAtExit).toBe(false);
    // The script's last look at the profile, after the rebuild had gone.
    expect(run.stepsAtExit).toEqual([
      "nix-env --list-generations",
      "nixos-rebuild switch",
      "nix-env --list-generations",
    ]);
    expect(run.stdout).toMatch(new RegExp(`\\n${address.replaceAll(".", "\\.")} +stopped +\\S+ +nixos-rebuild`));
  }, 120_000);

  it("--on-interrupt stop after the profile changed: the host rolls back before dk exits", async () => {
    fleet.hold(address, "switch");
    const run = await interrupted("switch", "--on-interrupt", "stop");
    expect(run.code).toBe(130);
    expect(run.stderr).not.toContain("no terminal to ask on");
    expect(run.stderr).toContain(`${tag()} stopped: rolled back to the system it ran before\n`);
    expect(run.runsAtExit).toBe(false);
    expect(run.stepsAtExit).toEqual([
      "nix-env --list-generations",
      "nixos-rebuild switch",
      expect.stringMatching(/^nix-env --set \/\S+\/systems\/2$/),
      "nix-env --list-generations",
      "nix-env --switch-generation 1",
      "nix-env --delete-generations 2",
      "switch-to-configuration switch 1",
    ]);
  }, 120_000);

  it("--on-interrupt leave: dk exits at once saying how to follow it; the activation finishes without dk", async () => {
    fleet.hold(address, "build");
    const run = await interrupted("leave", "--on-interrupt", "leave");
    expect(run.code).toBe(130);
    const id = /left running: (dk-deploy-\S+); follow it: tail -f \/run\/dk-deploy\/\1\/log\n/.exec(run.stderr)?.[1];
    expect(id, run.stderr).toBeDefined();
    const d = `/run/dk-deploy/${id}`;
    expect(run.stderr).toContain(
      `${tag()} nobody confirms it now: 3 s after nixos-rebuild ends, the host goes back to the system it ran ` +
        `before; keep the new one without dk's checks: touch ${d}/confirm; stop it: kill $(cat ${d}/pid)\n`,
    );
    // Still running when dk had gone, held at the build.
    expect(run.runsAtExit).toBe(true);
    expect(run.stepsAtExit).toEqual(["nix-env --list-generations", "nixos-rebuild switch"]);
    fleet.release(address);
    // Without dk: the rebuild finishes, nobody confirms, and the host goes back to its first generation.
    const phase = () => readFileSync(join(STATE_ROOT, id!, "phase"), "utf8").trim();
    await waitUntil(() => phase() === "rolled-back", "the rollback", 60_000);
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

  it("SIGTERM (a cancelled CI job) stops the activation as Ctrl-C does, never asking, and exits 143", async () => {
    fleet.hold(address, "switch");
    const run = await signalled("SIGTERM", "sigterm");
    expect(run.code).toBe(143);
    expect(run.stderr).toContain("dk: interrupted (SIGTERM)");
    expect(run.stderr).not.toContain("no terminal to ask on");
    expect(run.stderr).toContain(`${tag()} stopped: rolled back to the system it ran before\n`);
    expect(run.runsAtExit).toBe(false);
    expect(run.stepsAtExit.slice(-3)).toEqual([
      "nix-env --switch-generation 1",
      "nix-env --delete-generations 2",
      "switch-to-configuration switch 1",
    ]);
  }, 120_000);

  it("a bad --on-interrupt value: usage error, exit 2, nothing sent", async () => {
    const host = `root@${address}:${fleet.sandbox.port}`;
    const run = await dk(["-f", TASKS, "deploy-nixos", "--hosts", host, "--on-interrupt", "quit"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--on-interrupt.*ask, stop, leave|ask\|stop\|leave/);
    expect(fleet.steps(address)).toEqual([]);
  });
});
