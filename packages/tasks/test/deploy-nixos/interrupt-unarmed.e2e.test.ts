// Ctrl-C during dk deploy-nixos with no rollback armed, once nixos-rebuild has set the new profile: the stop cannot
// undo that, so the activation finishes, and the host is summed up with what it was left: a switch runs the new
// system, a boot only boots it at the next reboot.
import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
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
  source = makeSource(join(fleet.work, "u"));
}, BUILD_HOOK_MS + 60_000);
afterAll(async () => fleet?.stop());
beforeEach(() => fleet.clearRecords());

// A stop dk asked of an activation on the hosts (they share this machine's /run): its mark in the state dir.
const stopAsked = () =>
  existsSync(STATE_ROOT) && readdirSync(STATE_ROOT).some((entry) => existsSync(join(STATE_ROOT, entry, "stop")));

// dk deploy-nixos `action` with --no-rollback, held once the profile is set; Ctrl-C there. The stop's TERM cuts the
// activation's wait for nixos-rebuild short, and nixos-rebuild ends while the trap still asks whether the system
// changed (held in its nix-env), so that the activation must read the rebuild's own exit, not its cut wait's 143.
async function interruptedAfterProfile(action: "switch" | "boot") {
  fleet.hold(address, "switch");
  const host = `root@${address}:${fleet.sandbox.port}`;
  const args = ["--key", fleet.sandbox.key, "--host-key-check", "none", "--source", source, "--no-rollback"];
  const configDir = ["--config-dir", fleet.configDir(address, action), "--action", action];
  const generations = join(fleet.records, `${address}.hold-generations`);
  let released: Promise<void> | undefined;
  const run = await dk(["-f", TASKS, "--verbose", "deploy-nixos", "--hosts", host, ...args, ...configDir], {
    timeoutMs: 90_000,
    onOutput: {
      text: "holding at",
      act: (child) => {
        writeFileSync(generations, "");
        child.kill("SIGINT");
        released = (async () => {
          await waitUntil(stopAsked, "dk's stop on the host", 30_000);
          await waitUntil(() => existsSync(join(fleet.records, `${address}.held-generations`)), "the trap", 30_000);
          fleet.release(address);
          await waitUntil(() => !fleet.rebuildRuns(address), "nixos-rebuild to end", 30_000);
        })().finally(() => {
          fleet.release(address);
          rmSync(generations, { force: true });
        });
      },
    },
  });
  await released;
  return run;
}

describe("Ctrl-C with no rollback armed, once the profile is set", () => {
  it.each([
    ["switch", "it runs the new system"],
    ["boot", "the host boots the new system at its next reboot, and runs the old one until then"],
  ] as const)(
    "%s: not stopped, finished; says what the host runs",
    async (action, left) => {
      const run = await interruptedAfterProfile(action);
      expect(run.code).toBe(130);
      const reason = `not stopped: the ${action} was already under way with no rollback armed, and finished; ${left}`;
      expect(run.stderr).toContain(`[${address}] ${reason}\n`);
      expect(fleet.steps(address)).toContain(`switch-to-configuration ${action} 2`);
    },
    120_000,
  );
});
