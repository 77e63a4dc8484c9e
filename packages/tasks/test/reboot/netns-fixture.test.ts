import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { startNetnsHosts } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";

const sh = (command: string) => spawnSync("sh", ["-c", command], { encoding: "utf8" }).stdout;

describe("netns test hosts", () => {
  it("have their own boot id and leave nothing behind: no namespace, link, process or file", async () => {
    const fleet = await startNetnsHosts({ hosts: [{}, { dropIcmp: true }] });
    const names = fleet.hosts.map((host) => host.namespace);
    let stopped = false;
    try {
      expect(names.every((name) => /^dkr-\d+-\d+$/.test(name))).toBe(true);
      const [a, b] = fleet.hosts;
      expect(a!.bootId()).not.toBe(b!.bootId());
      expect(a!.bootId()).not.toBe(readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim());
      expect(spawnSync("ping", ["-n", "-c", "1", "-W", "1", a!.address]).status).toBe(0);
      expect(spawnSync("ping", ["-n", "-c", "1", "-W", "0.3", b!.address]).status).toBe(1);
      a!.setLink(false);
      expect(spawnSync("ping", ["-n", "-c", "1", "-W", "0.3", a!.address]).status).toBe(1);
      const pids = names.flatMap((name) => sh(`ip netns pids ${name}`).split("\n").filter(Boolean));
      expect(pids.length).toBeGreaterThanOrEqual(2);
      await fleet.stop();
      stopped = true;
      const netns = sh("ip netns list");
      for (const name of names) expect(netns).not.toContain(name);
      expect(sh("ip -o link")).not.toMatch(new RegExp(`dkr${process.pid.toString(36)}[oi]`));
      for (const pid of pids) expect(existsSync(`/proc/${pid}`)).toBe(false);
      expect(existsSync(fleet.dir)).toBe(false);
    } finally {
      if (!stopped) await fleet.stop();
    }
  });
});
