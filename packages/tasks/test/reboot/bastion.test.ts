import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GroupError, parseHosts, type HostResult } from "@deploykit/core";
import type { NetnsFleet } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";
import { reboot, RebootError, type RebootResult } from "../../src/builtin/reboot/index.ts";
import { capture, FAST, rejection, withHosts } from "./helpers.ts";

// Hosts behind a bastion: their namespaces are linked to the bastion's alone, so this machine can neither ping them
// nor open their ssh port; only ssh through the jump host reaches them. Reboot watches them over ssh.
const BEHIND = { bastion: true } as const;
// Longer than ssh's connect timeout (FAST: 2 s): a read that starts while the host is down fails before it is back.
const DOWN = [{ downFor: 3.5 }];

// The fleet's hosts with the jump host named in an ssh config file (`-F`) rather than on the command line.
function throughConfigFile(fleet: NetnsFleet, transport: "openssh" | "native") {
  const { bastion, hosts, key } = fleet;
  const config = join(fleet.dir, "routes_ssh_config");
  const routes = `Host ${hosts.map((h) => h.address).join(" ")}\n  ProxyJump ${bastion!.alias}\n`;
  writeFileSync(config, `${readFileSync(bastion!.sshConfig, "utf8")}${routes}`);
  return parseHosts(fleet.spec, { key, hostKeyCheck: "none", transport, sshOptions: ["-F", config] });
}

// Asserts one host's reboot was watched over ssh: down while ssh failed, back with the new boot id.
function expectWatchedOverSsh(fleet: NetnsFleet, result: RebootResult, text: string) {
  const host = fleet.hosts[0]!;
  expect(result).toMatchObject({ probe: "ssh", downSeen: true, bootIdAfter: host.bootId(), dryRun: false });
  expect(result.bootIdAfter).not.toBe(result.bootIdBefore);
  expect(host.events().map((e) => e.event)).toEqual(["down", "up"]);
  const { started, rebooting, down, up, sshOk } = result.times;
  expect([started, rebooting, down, up, sshOk]).toEqual([started, rebooting, down, up, sshOk].sort((a, b) => a! - b!));
  expect(text).toContain(`[${host.address}] checking`);
  expect(text).toMatch(/reached through a jump host \(ProxyJump dk-bastion\): watching it over ssh/);
  for (const phase of ["rebooting", "down", "up", "ssh ok"])
    expect(text).toMatch(new RegExp(`^\\[${host.address}\\] ${phase} after \\d+\\.\\ds`, "m"));
}

describe("reboot of hosts behind a bastion", () => {
  for (const transport of ["openssh", "native"] as const) {
    it(`watches a host reached through ProxyJump over ssh (${transport}, ProxyJump in sshOptions)`, async () => {
      await withHosts(
        DOWN,
        async (fleet) => {
          const group = parseHosts(fleet.spec, { ...fleet.hostOptions, transport });
          const output = capture();
          const [r] = await reboot(group, { ...FAST, timeout: 40, output });
          expectWatchedOverSsh(fleet, r!.result, output.text());
        },
        BEHIND,
      );
    });

    it(`reads the jump host from the ssh config file (${transport})`, async () => {
      await withHosts(
        DOWN,
        async (fleet) => {
          const output = capture();
          const [r] = await reboot(throughConfigFile(fleet, transport), { ...FAST, timeout: 40, output });
          expectWatchedOverSsh(fleet, r!.result, output.text());
        },
        BEHIND,
      );
    });
  }

  it("watches a host reached through a ProxyCommand over ssh", async () => {
    await withHosts(
      DOWN,
      async (fleet) => {
        const { bastion, key } = fleet;
        const proxy = `ProxyCommand=ssh -F ${bastion!.sshConfig} -W %h:%p ${bastion!.alias}`;
        const sshOptions = ["-F", "/dev/null", "-o", "IdentitiesOnly=yes", "-o", proxy];
        const group = parseHosts(fleet.spec, { key, hostKeyCheck: "none", transport: "openssh", sshOptions });
        const output = capture();
        const [r] = await reboot(group, { ...FAST, timeout: 40, output });
        expect(r!.result).toMatchObject({ probe: "ssh", downSeen: true, bootIdAfter: fleet.hosts[0]!.bootId() });
        expect(output.text()).toMatch(/reached through a proxy \(ProxyCommand ssh -F .* -W %h:%p dk-bastion\)/);
      },
      BEHIND,
    );
  });

  it("fails a host behind the bastion that never comes back, saying since when ssh fails", async () => {
    await withHosts(
      [{ downFor: Infinity }],
      async (fleet, group) => {
        const output = capture();
        const error = await rejection(reboot(group, { ...FAST, timeout: 10, output }));
        expect(error).toBeInstanceOf(GroupError);
        const [result] = (error as GroupError<RebootResult>).results as HostResult<RebootResult>[];
        const lost = result!.error as RebootError;
        expect(lost).toMatchObject({ host: fleet.hosts[0]!.address, phase: "down", rebootSent: true });
        expect(lost.reason).toMatch(
          /^did not come back within 10 s: no new ssh connection since \d+\.\ds \(.+\); check the host's console$/,
        );
        expect(lost.elapsedMs).toBeLessThan(16_000);
      },
      BEHIND,
    );
  });
});
