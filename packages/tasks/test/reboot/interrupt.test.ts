// Ctrl-C and SIGTERM during `dk reboot`: the waiting stops, and reboot's own summary says, per host, that the reboot
// was sent (dk's generic table, which knows no commands of the hosts, would call them "not started").
import { join } from "node:path";
import { collect, type NetnsFleet } from "@deploykit/sandbox";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "../helpers/build.ts";
import { dk } from "../helpers/dk.ts";
import { packageDir } from "../helpers/paths.ts";
import { inTmux } from "../helpers/tmux.ts";
import { withHosts } from "./helpers.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const SCRIPT = join(import.meta.dirname, "fixtures", "library-interrupt.ts");

// `dk reboot` on the fleet, sent `signal` once every host has been seen down.
async function interrupted(fleet: NetnsFleet, signal: NodeJS.Signals) {
  const hosts = fleet.hosts.map((host) => host.spec).join(",");
  const flags = ["--key", fleet.key, "--host-key-check", "none", "--timeout", "60"];
  const downs = (stdout: string) => (stdout.match(/\] down after/g) ?? []).length === fleet.hosts.length;
  let sentAt = 0;
  const run = await dk(["reboot", "--hosts", hosts, ...flags], {
    cwd: "/",
    timeoutMs: 60_000,
    onOutput: { text: downs, act: (child) => ((sentAt = performance.now()), child.kill(signal)) },
  });
  return { ...run, waited: performance.now() - sentAt };
}

describe("dk reboot interrupted while hosts are down", () => {
  it("Ctrl-C: stops waiting, sums up each host as interrupted after the reboot was sent, exit 130", async () => {
    await withHosts([{ downFor: Infinity }, { downFor: Infinity, dropIcmp: true }], async (fleet) => {
      const run = await interrupted(fleet, "SIGINT");
      expect(run.code).toBe(130);
      expect(run.waited).toBeLessThan(10_000);
      const why = "interrupted while down; the reboot was sent: check that the host comes back";
      for (const host of fleet.hosts) {
        expect(run.stdout).toMatch(new RegExp(`^${host.address.replaceAll(".", "\\.")} +stopped +\\S+  ${why}$`, "m"));
      }
      expect(run.stdout).toMatch(/^reboot on 2 hosts: 0 ok, 0 failed, 2 stopped\n$/m);
      expect(run.stdout).not.toContain("not started");
      expect(run.stdout).not.toContain("failure of ping");
    });
  }, 90_000);

  it("SIGTERM: the same, exit 143", async () => {
    await withHosts([{ downFor: Infinity }], async (fleet) => {
      const run = await interrupted(fleet, "SIGTERM");
      expect(run.code).toBe(143);
      expect(run.stdout).toContain("interrupted while down; the reboot was sent");
      expect(run.stdout).toMatch(/^reboot on 1 host: 0 ok, 0 failed, 1 stopped\n$/m);
    });
  }, 90_000);
});

describe("dk reboot on a terminal", () => {
  it("Ctrl-C: dk's own message goes above reboot's live view, not through it", async () => {
    await withHosts([{ downFor: Infinity }], async (fleet) => {
      const flags = ["--key", fleet.key, "--host-key-check", "none", "--timeout", "60"];
      const run = await inTmux(["reboot", "--hosts", fleet.hosts[0]!.spec, ...flags], {
        size: { x: 120, y: 30 },
        keys: [{ when: "  down", send: ["C-c"], times: 2 }],
      });
      expect(run.exit, run.history.join("\n")).toBe(130);
      expect(run.history).toContain("dk: interrupted (SIGINT)");
      expect(run.history).toContain("reboot on 1 host: 0 ok, 0 failed, 1 stopped");
    });
  }, 90_000);
});

describe("Ctrl-C in a script calling reboot", () => {
  it("sums up the host, then the process dies of SIGINT as it would without reboot", async () => {
    await withHosts([{ downFor: Infinity }], async (fleet) => {
      const input = JSON.stringify({ address: fleet.hosts[0]!.address, key: fleet.key });
      const run = await collect(process.execPath, ["--conditions=source", "--import", "tsx", SCRIPT], {
        cwd: packageDir,
        env: { ...process.env, NO_COLOR: "1", DK_TEST_REBOOT: input },
        timeoutMs: 60_000,
        onOutput: { text: "] down after", act: (child) => child.kill("SIGINT") },
      });
      expect(run.signal).toBe("SIGINT");
      expect(run.stdout).toContain("interrupted while down; the reboot was sent: check that the host comes back");
      expect(run.stdout).toMatch(/^reboot on 1 host: 0 ok, 0 failed, 1 stopped\n$/m);
      expect(run.stdout).not.toContain("reboot returned");
    });
  }, 90_000);
});
