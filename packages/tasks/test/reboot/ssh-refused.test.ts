// A host that answers ping while nothing accepts ssh on its port (sshd did not start in the new boot, or is stopped
// before the reboot, or a firewall drops the port): its failure says so with what to check, not only ssh's own line.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Host, type GroupError } from "@deploykit/core";
import type { NetnsFleet } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";
import { reboot, type RebootError, type RebootResult } from "../../src/builtin/reboot/index.ts";
import { capture, FAST, rejection, withHosts } from "./helpers.ts";

const HINT = "nothing accepts ssh connections on that port; is sshd running there, and is the port right?";

// The host's own reboot, after it pointed its sshd at a host key that does not exist: sshd does not start again.
function brokenSshdThenReboot(fleet: NetnsFleet): string {
  const dir = join(fleet.dir, fleet.hosts[0]!.namespace);
  const config = join(dir, "sshd_config");
  return `sed -i 's#^HostKey .*#HostKey ${dir}/missing_key#' ${config} && ${join(dir, "bin", "reboot")}`;
}

async function failure(promise: Promise<unknown>): Promise<RebootError> {
  const error = await rejection(promise);
  return (error as GroupError<RebootResult>).results[0]!.error as RebootError;
}

describe.each(["openssh", "native"] as const)("ssh refused while the host answers ping (%s)", (transport) => {
  it("after the reboot: fails at the timeout saying that nothing accepts ssh, and what to check", async () => {
    await withHosts([{ downFor: 1 }], async (fleet) => {
      const { address } = fleet.hosts[0]!;
      const host = new Host(address, { ...fleet.hostOptions, user: "root", transport });
      // Probes closer together than a refused ssh takes: a read is under way whenever the timeout comes, and that one
      // has not been refused yet only because it has just begun.
      const command = brokenSshdThenReboot(fleet);
      const options = { ...FAST, probeInterval: 0.05, timeout: 8, output: capture(), command };
      const failed = await failure(reboot([host], options));
      expect(failed).toMatchObject({ phase: "up", rebootSent: true });
      expect(failed.reason).toMatch(/^did not come back within 8 s: it answers ping since \d+\.\ds, but ssh does not/);
      expect(failed.reason).toContain(`Connection refused: ${HINT}`);
      expect(fleet.hosts[0]!.events().map((e) => e.event)).toEqual(["down", "up"]);
    });
  }, 60_000);

  it("before the reboot: fails at once saying that nothing accepts ssh, nothing rebooted", async () => {
    await withHosts([{}], async (fleet) => {
      const { address, namespace } = fleet.hosts[0]!;
      process.kill(Number(readFileSync(join(fleet.dir, namespace, "sshd.pid"), "utf8")), "SIGTERM");
      const host = new Host(address, { ...fleet.hostOptions, user: "root", transport });
      const failed = await failure(reboot([host], { ...FAST, timeout: 30, output: capture() }));
      expect(failed).toMatchObject({ phase: "checking", rebootSent: false });
      expect(failed.reason).toMatch(/^could not read the boot id over ssh: .*Connection refused: /);
      expect(failed.reason).toContain(`${HINT}; nothing was rebooted`);
      expect(fleet.hosts[0]!.events()).toEqual([]);
    });
  }, 60_000);

  it("a firewall dropping its ssh port: says that the host answers, but not on that port", async () => {
    await withHosts([{}], async (fleet) => {
      const { address, namespace } = fleet.hosts[0]!;
      const rule =
        "table inet dkr_ssh {\n chain input {\n  type filter hook input priority 0; policy accept;\n" +
        "  tcp dport 22 drop\n }\n}\n";
      execFileSync("ip", ["netns", "exec", namespace, "nft", "-f", "-"], { input: rule });
      const host = new Host(address, { ...fleet.hostOptions, user: "root", transport });
      const failed = await failure(reboot([host], { ...FAST, timeout: 30, output: capture() }));
      expect(failed).toMatchObject({ phase: "checking", rebootSent: false });
      expect(failed.reason).toBe(
        `could not read the boot id over ssh: ssh: connect to host ${address} port 22: Connection timed out: ` +
          "the host answers, but not on its ssh port; is a firewall dropping it, and is the port right?; " +
          "nothing was rebooted",
      );
      expect(fleet.hosts[0]!.events()).toEqual([]);
    });
  }, 60_000);
});
