import { GroupError, type HostResult } from "@deploykit/core";
import { describe, expect, it } from "vitest";
import { reboot, RebootError, rebootTask, type RebootResult } from "../../src/builtin/reboot/index.ts";
import { capture, FAST, rejection, withHosts } from "./helpers.ts";

// Real hosts that really leave the network: each test host is a network namespace with its own sshd and boot id,
// and its `reboot` unplugs it, stops sshd, changes the boot id and comes back after `downFor` seconds.
describe("reboot on netns test hosts", () => {
  it("reboots 3 hosts at once and waits until each is really back", async () => {
    await withHosts([{ downFor: 1.5 }, { downFor: 2 }, { downFor: 2.5 }], async (fleet, group) => {
      const output = capture();
      const results = await reboot(group, { ...FAST, timeout: 30, output });
      const values = results.map((r) => r.result);
      values.forEach((value, i) => {
        expect(value.bootIdAfter).toBe(fleet.hosts[i]!.bootId());
        expect(value.bootIdAfter).not.toBe(value.bootIdBefore);
        expect(value).toMatchObject({ probe: "ping", downSeen: true, dryRun: false });
        const { started, rebooting, down, up, sshOk } = value.times;
        expect([started, rebooting!, down!, up!, sshOk!]).toEqual(
          [started, rebooting, down, up, sshOk].sort((a, b) => a! - b!),
        );
        expect(fleet.hosts[i]!.events().map((e) => e.event)).toEqual(["down", "up"]);
      });
      // In parallel, not one after another: every host was down before any came back.
      const latestDown = Math.max(...values.map((v) => v.times.down!));
      const earliestUp = Math.min(...values.map((v) => v.times.up!));
      expect(latestDown).toBeLessThan(earliestUp);
      const events = fleet.hosts.flatMap((host) => host.events());
      expect(Math.max(...events.filter((e) => e.event === "down").map((e) => e.at))).toBeLessThan(
        Math.min(...events.filter((e) => e.event === "up").map((e) => e.at)),
      );
      const text = output.text();
      for (const host of fleet.hosts) {
        for (const phase of ["rebooting", "down", "up", "ssh ok"])
          expect(text).toMatch(new RegExp(`^\\[${host.address}\\] ${phase} after \\d+\\.\\ds`, "m"));
      }
      expect(text).toMatch(
        /^host +result +duration\n(169\.254\.\S+ +ok +\d+\.\ds\n){3}reboot on 3 hosts: 3 ok, 0 failed\n$/m,
      );
    });
  });

  it("detects a reboot that went down and came back between two probes, by its new boot id", async () => {
    await withHosts([{ downFor: 0.1 }], async (fleet, group) => {
      const output = capture();
      const [result] = await reboot(group, { ...FAST, probeInterval: 2.5, timeout: 30, output });
      const [down, up] = fleet.hosts[0]!.events();
      expect(up!.at - down!.at).toBeLessThan(2500);
      expect(result!.result).toMatchObject({ downSeen: false, bootIdAfter: fleet.hosts[0]!.bootId() });
      expect(result!.result.bootIdAfter).not.toBe(result!.result.bootIdBefore);
      expect(output.text()).toContain("went down and came back between two probes: seen by its new boot id");
      expect(output.text()).not.toMatch(/\] down after/);
    });
  });

  it("fails a host that never comes back at the timeout, and the others carry on", async () => {
    await withHosts([{ downFor: 1 }, { downFor: Infinity }, { downFor: 1 }], async (fleet, group) => {
      const output = capture();
      // 12 s leaves the two good hosts (down for 1 s) room to come back even on a loaded 2-core machine.
      const error = await rejection(reboot(group, { ...FAST, timeout: 12, output }));
      expect(error).toBeInstanceOf(GroupError);
      const results = (error as GroupError<RebootResult>).results as HostResult<RebootResult>[];
      expect(results.map((r) => r.ok)).toEqual([true, false, true]);
      const lost = results[1]!.error as RebootError;
      expect(lost).toBeInstanceOf(RebootError);
      expect(lost).toMatchObject({ host: fleet.hosts[1]!.address, phase: "down", rebootSent: true });
      expect(lost.reason).toMatch(
        /^did not come back within 12 s: no answer to ping since \d+\.\ds; check the host's console$/,
      );
      expect(lost.elapsedMs).toBeGreaterThanOrEqual(12_000);
      expect(lost.elapsedMs).toBeLessThan(16_000);
      expect(error.message).toBe(`1 of 3 hosts failed:\n  ${fleet.hosts[1]!.address}: ${lost.reason}`);
      expect(output.text()).toMatch(/^reboot on 3 hosts: 2 ok, 1 failed\n/m);
      expect(output.text()).toMatch(
        new RegExp(
          `^${fleet.hosts[1]!.address.replaceAll(".", "\\.")}\\s+failed\\s+\\d+\\.\\ds  did not come back`,
          "m",
        ),
      );
      expect(results[0]!.result.bootIdAfter).toBe(fleet.hosts[0]!.bootId());
    });
  });

  it("watches a host that drops ICMP on its ssh port instead", async () => {
    await withHosts([{ dropIcmp: true, downFor: 1.5 }], async (fleet, group) => {
      const output = capture();
      const [result] = await reboot(group, { ...FAST, timeout: 30, output });
      expect(result!.result).toMatchObject({ probe: "tcp", downSeen: true, bootIdAfter: fleet.hosts[0]!.bootId() });
      expect(output.text()).toContain(
        `[${fleet.hosts[0]!.address}] note: no answer to ping (ICMP filtered?): watching ssh port 22 instead`,
      );
      expect(output.text()).toMatch(/\] up after \d+\.\ds \(port 22 open\)/);
    });
  });

  it("quickly fails a host unreachable from the start, without rebooting it, and reboots the rest", async () => {
    await withHosts([{ downFor: 1 }, { downFor: 1 }], async (fleet, group) => {
      const [reachable, unplugged] = fleet.hosts;
      unplugged!.setLink(false);
      const before = unplugged!.bootId();
      const error = await rejection(reboot(group, { ...FAST, timeout: 60, output: capture() }));
      const results = (error as GroupError<RebootResult>).results;
      expect(results[0]!.ok).toBe(true);
      const failure = results[1]!.error as RebootError;
      expect(failure).toMatchObject({ phase: "checking", rebootSent: false });
      expect(failure.reason).toBe(
        "unreachable before the reboot: no answer to ping, " +
          `and nothing accepts connections on ${unplugged!.address} port 22; ` +
          "nothing was rebooted. Check that the host is up and the address and port are right",
      );
      // Fails after one ping and one TCP connect timeout (2 s), not after the 60 s timeout.
      expect(failure.elapsedMs).toBeLessThan(5000);
      expect(unplugged!.bootId()).toBe(before);
      expect(unplugged!.events()).toEqual([]);
      expect(reachable!.events().map((e) => e.event)).toEqual(["down", "up"]);
    });
  });

  it("leaves core's shared ssh connection usable: host.run works right after the reboot", async () => {
    await withHosts([{ downFor: 1 }], async (fleet, group) => {
      // Opens core's shared connection (ControlMaster) to the host, as a task that ran commands before would have.
      await group.run("true", { stdout: "pipe" });
      await reboot(group, { ...FAST, timeout: 30, output: capture() });
      const [after] = await group.run(["cat", "/proc/sys/kernel/random/boot_id"], { stdout: "pipe", timeout: 8000 });
      expect(after!.result.stdout.trim()).toBe(fleet.hosts[0]!.bootId());
    });
  });

  it("runs as the dk task: hosts from a comma-separated list, default probes", async () => {
    await withHosts([{ downFor: 1 }, { downFor: 1 }], async (fleet) => {
      const before = fleet.hosts.map((host) => host.bootId());
      await rebootTask({
        hosts: fleet.hosts.map((host) => host.address).join(","),
        timeout: 60,
        limit: 1,
        hostKeyCheck: "none",
        key: fleet.key,
      });
      fleet.hosts.forEach((host, i) => expect(host.bootId()).not.toBe(before[i]));
      // limit 1: the second host went down only after the first was back.
      const [first, second] = fleet.hosts.map((host) => host.events());
      expect(second![0]!.at).toBeGreaterThan(first![1]!.at);
    });
  });
});
