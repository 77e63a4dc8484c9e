// A host that comes back from its reboot with another host key (reinstalled, keys regenerated, or another machine on
// its address): ssh refuses it whatever the waiting, so the host fails at once, saying which known_hosts entry to drop.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Host, type GroupError } from "@deploykit/core";
import type { NetnsFleet } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";
import { reboot, type RebootError, type RebootResult } from "../../src/builtin/reboot/index.ts";
import { capture, FAST, rejection, withHosts } from "./helpers.ts";

const TIMEOUT_S = 60;

// The host's own reboot, after it gave its sshd a new host key (read when sshd starts again, as the host comes back).
function newKeyThenReboot(fleet: NetnsFleet): string {
  const dir = join(fleet.dir, fleet.hosts[0]!.namespace);
  const key = join(dir, "new_host_key");
  return (
    `ssh-keygen -q -t ed25519 -N '' -f ${key} && ` +
    `sed -i 's#^HostKey .*#HostKey ${key}#' ${join(dir, "sshd_config")} && ${join(dir, "bin", "reboot")}`
  );
}

async function failure(promise: Promise<unknown>): Promise<RebootError> {
  const error = await rejection(promise);
  return (error as GroupError<RebootResult>).results[0]!.error as RebootError;
}

describe.each(["openssh", "native"] as const)("a host back with another host key (%s)", (transport) => {
  it("fails at once, not at the timeout, naming the known_hosts entry to drop; dropped, it reboots", async () => {
    await withHosts([{ downFor: 1 }], async (fleet) => {
      const knownHosts = mkdtempSync(join(tmpdir(), "dkr-known-"));
      const file = join(knownHosts, "known_hosts");
      const { address } = fleet.hosts[0]!;
      const sshOptions = [...fleet.hostOptions.sshOptions, "-o", `UserKnownHostsFile=${file}`];
      const host = new Host(address, { user: "root", key: fleet.key, hostKeyCheck: "tofu", transport, sshOptions });
      const options = { ...FAST, timeout: TIMEOUT_S, output: capture() };
      const drop = `\`ssh-keygen -f ${file} -R ${address}\``;
      try {
        const changed = await failure(reboot([host], { ...options, command: newKeyThenReboot(fleet) }));
        expect(changed).toMatchObject({ rebootSent: true });
        expect(changed.reason).toMatch(/^answers with a host key that ssh refuses since the reboot was sent \(/);
        expect(changed.reason).toContain("REMOTE HOST IDENTIFICATION HAS CHANGED");
        expect(changed.reason).toContain(drop);
        expect(changed.reason).toMatch(/\); its boot id could not be read, so whether it rebooted is unknown$/);
        expect(changed.elapsedMs).toBeLessThan(20_000);
        expect(fleet.hosts[0]!.events().map((e) => e.event)).toEqual(["down", "up"]);

        // The next run refuses the key before rebooting anything, and says the same.
        const before = await failure(reboot([host], options));
        expect(before).toMatchObject({ phase: "checking", rebootSent: false });
        expect(before.reason).toContain(drop);
        expect(before.reason).toMatch(/^could not read the boot id over ssh: .+; nothing was rebooted$/);
        expect(fleet.hosts[0]!.events()).toHaveLength(2);

        // As the message says: the old key dropped, the new one is taken (tofu) and the host reboots.
        execFileSync("ssh-keygen", ["-f", file, "-R", address], { stdio: "ignore" });
        const [done] = await reboot([host], options);
        expect(done!.result.bootIdAfter).toBe(fleet.hosts[0]!.bootId());
      } finally {
        rmSync(knownHosts, { recursive: true, force: true });
      }
    });
  }, 120_000);
});
