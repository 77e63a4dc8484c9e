// --reboot after boot, on a host that comes back but does not answer which system it runs: the check is bounded by
// the reboot timeout, and the host fails at the reboot step saying so.
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { GroupError } from "@deploykit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployNixos, type Deployment, type HostDeployError } from "../../src/builtin/deploy-nixos/index.ts";
import { captured, startNixosFleet, type NixosFleet } from "./netns-helpers.ts";

let fleet: NixosFleet;
beforeAll(async () => void (fleet = await startNixosFleet(1)), 60_000);
afterAll(async () => fleet?.stop());

// On the host, `readlink -f /run/current-system` run alone hangs (60 s at most) once the host has another boot id than
// now: after its reboot. Before it, and for every other use, the stand-in answers.
function hangAfterReboot(): void {
  const dir = join(fleet.netns.dir, fleet.netns.hosts[0]!.namespace);
  const bin = join(dir, "bin");
  mkdirSync(join(bin, "before"));
  // The stand-in answers by the name it is called as.
  symlinkSync("../dk-nixos-stand-in", join(bin, "before", "readlink"));
  rmSync(join(bin, "readlink"));
  writeFileSync(join(dir, "boot_id.before"), readFileSync(join(dir, "boot_id")));
  const script = [
    "#!/bin/sh",
    `d='${dir}'`,
    'if [ "$*" = "-f /run/current-system" ] && ! cmp -s "$d/boot_id" "$d/boot_id.before"; then sleep 60; fi',
    `exec '${join(bin, "before", "readlink")}' "$@"`,
  ];
  writeFileSync(join(bin, "readlink"), `${script.join("\n")}\n`, { mode: 0o755 });
}

describe("--reboot when the host comes back but hangs", () => {
  it("gives the check of the running system the reboot timeout, and fails the host saying what hung", async () => {
    hangAfterReboot();
    const started = Date.now();
    const run = await captured(() =>
      deployNixos(fleet.hosts(), { source: fleet.good, action: "boot", reboot: true, rebootTimeout: 10 }),
    );
    const error = (run.error as GroupError<Deployment>).results[0]!.error as HostDeployError;
    expect(error).toMatchObject({ step: "reboot", outcome: "failed" });
    expect(error.reason).toMatch(
      new RegExp(
        /^reboot failed: it came back, but `readlink -f \/run\/current-system` \(which system it runs\) did not /
          .source +
          /answer within the reboot timeout of 10 s: check that it runs the new system \S+, and that it is well$/
            .source,
      ),
    );
    // The 60 s hang was cut by the bound.
    expect(Date.now() - started).toBeLessThan(50_000);
  }, 120_000);
});
