import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { parseHosts } from "@deploykit/core";
import { startNetnsHosts } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";

const sh = (command: string) => spawnSync("sh", ["-c", command], { encoding: "utf8" }).stdout;

describe("netns test hosts", () => {
  it("have their own boot id and leave nothing behind: no namespace, link, process or file", async () => {
    const fleet = await startNetnsHosts({ hosts: [{}, { dropIcmp: true }] });
    const names = fleet.hosts.map((host) => host.namespace);
    let stopped = false;
    try {
      expect(names.every((name) => /^dkr-\d+-\d+-\d+-\d+$/.test(name))).toBe(true);
      // Each namespace's end of its veth pair, read from inside; the outer end differs in its last letter.
      const veths = names.flatMap((name) => sh(`ip netns exec ${name} ip -o link`).match(/dkr\w+i(?=@)/g) ?? []);
      expect(veths).toHaveLength(2);
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
      const links = sh("ip -o link");
      for (const veth of veths) expect(links).not.toMatch(new RegExp(`${veth.slice(0, -1)}[oi]\\b`));
      for (const pid of pids) expect(existsSync(`/proc/${pid}`)).toBe(false);
      expect(existsSync(fleet.dir)).toBe(false);
    } finally {
      if (!stopped) await fleet.stop();
    }
  });

  it("have a /run of their own, which their reboot empties as a real host's tmpfs is", async () => {
    const fleet = await startNetnsHosts({ hosts: [{ downFor: 0 }] });
    try {
      const host = parseHosts(fleet.spec, fleet.hostOptions).hosts[0]!;
      const ls = async () => (await host.run("ls -A /run", { stdout: "pipe", echo: false })).stdout.trim();
      const mark = `/run/dk-netns-fixture-${process.pid}`;
      await host.run(`touch ${mark} /run/.hidden && mkdir /run/dk-deploy`, { echo: false });
      expect((await ls()).split("\n")).toEqual([".hidden", "dk-deploy", mark.slice(5), "sshd"]);
      expect(existsSync(mark)).toBe(false);
      // Read before the reboot: one with downFor 0 may have its new boot id by the time `reboot` returns.
      const before = fleet.hosts[0]!.bootId();
      await host.run("reboot", { echo: false });
      // Back once it answers with its new boot id (bounded: 60 tries, 30 s).
      let after = "";
      for (let i = 0; i < 60 && after === ""; i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const r = await host.run("cat /proc/sys/kernel/random/boot_id", { stdout: "pipe", echo: false, check: false });
        if (r.exitCode === 0 && r.stdout.trim() !== before) after = r.stdout.trim();
      }
      expect(after).not.toBe("");
      expect(await ls()).toBe("sshd");
    } finally {
      await fleet.stop();
    }
  });

  it("put behind a bastion, are reached through it alone, and leave no route behind", async () => {
    const fleet = await startNetnsHosts({ hosts: [{}], bastion: true });
    const subnet = `${fleet.hosts[0]!.address.replace(/\d+$/, (last) => String(Number(last) & ~3))}/30`;
    try {
      const { address } = fleet.hosts[0]!;
      expect(fleet.bastion?.alias).toBe("dk-bastion");
      expect(spawnSync("ping", ["-n", "-c", "1", "-W", "1", fleet.bastion!.address]).status).toBe(0);
      // Refused on this machine, never sent out by the default route.
      expect(sh(`ip route show type unreachable`)).toContain(subnet);
      expect(spawnSync("ping", ["-n", "-c", "1", "-W", "1", address]).status).not.toBe(0);
      const host = parseHosts(fleet.spec, fleet.hostOptions).hosts[0]!;
      const r = await host.run("echo $SSH_CONNECTION", { stdout: "pipe", echo: false });
      // The host sees the connection come from the bastion's side of its link.
      expect(r.stdout.split(" ")[2]).toBe(address);
      expect(r.stdout.split(" ")[0]).not.toBe(fleet.bastion!.address);
    } finally {
      await fleet.stop();
    }
    expect(sh(`ip route show type unreachable`)).not.toContain(subnet);
  });
});
