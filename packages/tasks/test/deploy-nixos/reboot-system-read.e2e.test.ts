// --reboot after boot when the read of the new system's path fails once (the connection drops as the activation ends):
// dk reads it again over a new connection, so the check after the reboot compares with the right system.
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GroupError } from "@deploykit/core";
import { deployNixos, type Deployment, type HostDeployError } from "../../src/builtin/deploy-nixos/index.ts";
import { heldLogin } from "./group-signal.ts";
import { captured, startNixosFleet, until, type NixosFleet } from "./netns-helpers.ts";

let fleet: NixosFleet;
beforeAll(async () => void (fleet = await startNixosFleet(1)), 60_000);
afterAll(async () => fleet?.stop());

describe("--reboot when reading the new system fails once", () => {
  it("reads it again, reboots, and finds the host running it", async () => {
    const { namespace } = fleet.netns.hosts[0]!;
    const gate = join(fleet.netns.dir, "read-gate");
    // The first login that reads the new system's path ends as a dropped connection does, before its command runs.
    heldLogin(join(fleet.netns.dir, namespace, "home"), "/new-system 2>/dev/null; rm -rf", gate, "exit 255");
    writeFileSync(gate, "");
    const pending = captured(() =>
      deployNixos(fleet.hosts(), { source: fleet.good, action: "boot", reboot: true, rebootTimeout: 30 }),
    );
    try {
      await until("the read of the new system to be held", () => existsSync(`${gate}.waiting`));
    } finally {
      rmSync(gate, { force: true });
    }
    const run = await pending;
    expect(run.error).toBeUndefined();
    const [result] = run.value!;
    expect(result!.result).toMatchObject({ outcome: "rebooted" });
    expect(result!.result.system).toBe(join(fleet.records, fleet.netns.hosts[0]!.address, fleet.running(0)));
    expect(run.text).toContain(`reboot: running the new system ${result!.result.system}`);
  }, 120_000);

  it("never read: reboots all the same, and says that whether it runs the new system is unknown", async () => {
    const { namespace } = fleet.netns.hosts[0]!;
    const bashrc = join(fleet.netns.dir, namespace, "home", ".bashrc");
    // Every login that reads the new system's path ends as a dropped connection does.
    writeFileSync(bashrc, "case \"$BASH_EXECUTION_STRING\" in *'/new-system 2>/dev/null; rm -rf'*) exit 255 ;; esac\n");
    try {
      const run = await captured(() =>
        deployNixos(fleet.hosts(), { source: fleet.good, action: "boot", reboot: true, rebootTimeout: 30 }),
      );
      const error = (run.error as GroupError<Deployment>).results[0]!.error as HostDeployError;
      expect(error).toMatchObject({ step: "reboot", outcome: "failed" });
      const running = join(fleet.records, fleet.netns.hosts[0]!.address, fleet.running(0));
      expect(error.reason).toBe(
        `reboot failed: after the reboot it runs ${running}` +
          "; which system the deployment made the default could not be read before the reboot (the host did not " +
          "answer), so whether that is the new one is unknown: check it",
      );
    } finally {
      rmSync(bashrc, { force: true });
    }
  }, 120_000);
});
