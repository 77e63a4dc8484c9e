// A machine without ping: reboot watches each host by a TCP connect to its ssh port instead (over ssh when ssh reaches
// it through a jump host), and says so once.
import { GroupError, Host, type HostResult } from "@deploykit/core";
import { beforeAll, describe, expect, it } from "vitest";
import { reboot, RebootError, type RebootResult } from "../../src/builtin/reboot/index.ts";
import { BUILD_HOOK_MS, ensureBuilt } from "../helpers/build.ts";
import { dk } from "../helpers/dk.ts";
import { capture, FAST, rejection, withHosts, withoutPing } from "./helpers.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const NOTE =
  "note: `ping` is not installed on this machine: watching hosts by a TCP connect to their ssh port instead" +
  " (install ping to watch them by ping: Debian/Ubuntu: `apt-get install iputils-ping`;" +
  " Fedora: `dnf install iputils`)\n";
const notes = (text: string) => text.match(/ping` is not installed/g)?.length ?? 0;

describe("reboot without ping on this machine", () => {
  it("watches each host by its ssh port, says so once, and fails an unreachable host at once", async () => {
    await withHosts([{ downFor: 1.5 }, { downFor: 1.5 }, { downFor: 1 }], async (fleet, group) => {
      const unplugged = fleet.hosts[2]!;
      unplugged.setLink(false);
      const output = capture();
      const error = await withoutPing(() => rejection(reboot(group, { ...FAST, timeout: 30, output })));
      const results = (error as GroupError<RebootResult>).results as HostResult<RebootResult>[];
      expect(results.map((r) => r.ok)).toEqual([true, true, false]);
      results.slice(0, 2).forEach((r, i) => {
        expect(r.result).toMatchObject({ probe: "tcp", downSeen: true, bootIdAfter: fleet.hosts[i]!.bootId() });
        expect(r.result.bootIdAfter).not.toBe(r.result.bootIdBefore);
      });
      const failure = results[2]!.error as RebootError;
      expect(failure).toMatchObject({ phase: "checking", rebootSent: false });
      expect(failure.reason).toBe(
        `unreachable before the reboot: nothing accepts connections on ${unplugged.address} port 22` +
          " (ping is not installed on this machine, so only that was tried); nothing was rebooted." +
          " Check that the host is up and the address and port are right",
      );
      expect(failure.elapsedMs).toBeLessThan(5000);
      expect(unplugged.events()).toEqual([]);
      const text = output.text();
      expect(text.startsWith(NOTE)).toBe(true);
      expect(notes(text)).toBe(1);
      expect(text).not.toContain("ICMP filtered");
      expect(text).toMatch(/\] up after \d+\.\ds \(port 22 open\)/);
    });
  });

  it("needs no ping for hosts reached through a jump host, and does not mention it", async () => {
    await withHosts(
      [{ downFor: 3.5 }],
      async (fleet, group) => {
        const output = capture();
        const [r] = await withoutPing(() => reboot(group, { ...FAST, timeout: 40, output }));
        expect(r!.result).toMatchObject({ probe: "ssh", downSeen: true, bootIdAfter: fleet.hosts[0]!.bootId() });
        expect(notes(output.text())).toBe(0);
      },
      { bastion: true },
    );
  });

  it("dk reboot: reboots the host and prints the note once", async () => {
    await withHosts([{ downFor: 1 }], async (fleet) => {
      const flags = ["--key", fleet.key, "--host-key-check", "none", "--timeout", "30"];
      const run = await withoutPing((path) =>
        dk(["reboot", "--hosts", fleet.hosts[0]!.spec, ...flags], { cwd: "/", env: { PATH: path }, timeoutMs: 60_000 }),
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.startsWith(NOTE)).toBe(true);
      expect(notes(run.stdout + run.stderr)).toBe(1);
      expect(run.stdout).toMatch(/^reboot on 1 host: 1 ok, 0 failed\n$/m);
      expect(fleet.hosts[0]!.events().map((e) => e.event)).toEqual(["down", "up"]);
    });
  }, 90_000);

  it("dry run: says how hosts would be watched, once, and only when a host is reached directly", async () => {
    const direct = new Host("127.0.0.1", { user: "root" });
    const behind = new Host("127.0.0.2", { user: "root", sshOptions: ["-o", "ProxyJump=root@127.0.0.3"] });
    const both = capture();
    const proxied = capture();
    await withoutPing(async () => {
      await reboot([behind, direct], { dryRun: true, output: both });
      await reboot([behind], { dryRun: true, output: proxied });
    });
    expect(both.text()).toBe(
      "note: `ping` is not installed on this machine: hosts would be watched by a TCP connect to their ssh port" +
        " instead (install ping to watch them by ping: Debian/Ubuntu: `apt-get install iputils-ping`;" +
        " Fedora: `dnf install iputils`)\n" +
        "[127.0.0.2] would run `reboot` and wait up to 600 s for a new boot id (dry run)\n" +
        "[127.0.0.1] would run `reboot` and wait up to 600 s for a new boot id (dry run)\n",
    );
    expect(proxied.text()).toBe("[127.0.0.2] would run `reboot` and wait up to 600 s for a new boot id (dry run)\n");
  });
});
