import { waitUntil } from "@deploykit/sandbox";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Host } from "../src/host.ts";
import { useFleet } from "./helpers/fleet.ts";
import { pidsMatching, waitGone } from "./helpers/processes.ts";
import { runScript } from "./helpers/script.ts";

const fleet = useFleet({ hosts: 2 });

// A script that runs `body` against the fleet and first prints the control directory it uses.
function fleetScript(body: string): string {
  const { spec, hostOptions } = fleet.sandbox;
  return `
    const g = core.parseHosts(${JSON.stringify(spec)}, ${JSON.stringify(hostOptions)});
    // The first use of a host's connection is its own; the second names (and makes) the master.
    await g.hosts[0].sshArgs();
    const args = await g.hosts[0].sshArgs();
    const path = args.find((a) => a.startsWith("ControlPath=")).slice("ControlPath=".length);
    console.log("CONTROL_DIR=" + path.slice(0, path.lastIndexOf("/")));
    ${body}
  `;
}

const controlDir = (stdout: string) => /CONTROL_DIR=(\S+)/.exec(stdout)?.[1] ?? "missing";

describe("connection reuse", () => {
  it("runs each command after a host's first over one connection, one master per host, closed at exit", async () => {
    const r = await runScript(
      fleetScript(`
      for (let i = 0; i < 5; i++) {
        const res = await g.run("echo $SSH_CONNECTION", { stdout: "pipe" });
        for (const x of res) console.log("PORT " + x.host.hostname + " " + x.result.stdout.split(" ")[1]);
      }
      const { readdirSync } = await import("node:fs");
      console.log("SOCKETS " + readdirSync(path.slice(0, path.lastIndexOf("/"))).length);
    `),
    );
    expect(r.code, r.stderr).toBe(0);
    const ports = new Map<string, string[]>();
    for (const [, host, port] of r.stdout.matchAll(/^PORT (\S+) (\d+)$/gm))
      ports.set(host!, [...(ports.get(host!) ?? []), port!]);
    const [first, second] = [...ports.values()] as [string[], string[]];
    // The first host's master was made before its first command (sshArgs above): all five share it.
    expect(new Set(first).size).toBe(1);
    // The second host's first command went over a connection of its own; the other four share its master.
    expect(second).toHaveLength(5);
    expect(new Set(second.slice(1)).size).toBe(1);
    expect(second[0]).not.toBe(second[1]);
    expect(r.stdout).toMatch(/^SOCKETS 2$/m);
    const dir = controlDir(r.stdout);
    expect(await waitGone(dir)).toEqual([]);
    await expect(waitForMissing(dir)).resolves.toBe(true);
  });

  it("shares one connection between runs started on a host at the same moment, before any master exists", async () => {
    const r = await runScript(
      fleetScript(`
      const host = g.hosts[0];
      const runs = Array.from({ length: 4 }, () => host.run("echo $SSH_CONNECTION", { stdout: "pipe", echo: false }));
      for (const res of await Promise.all(runs)) console.log("PORT " + res.stdout.split(" ")[1]);
    `),
    );
    expect(r.code, r.stderr).toBe(0);
    const ports = [...r.stdout.matchAll(/^PORT (\d+)$/gm)].map((m) => m[1]);
    expect(ports).toHaveLength(4);
    expect(new Set(ports).size).toBe(1);
  });

  it("leaves no master behind after a failed run", async () => {
    const r = await runScript(fleetScript(`await g.run("exit 3");`));
    expect(r.code).toBe(1);
    const dir = controlDir(r.stdout);
    expect(await waitGone(dir)).toEqual([]);
    await expect(waitForMissing(dir)).resolves.toBe(true);
  });

  it("leaves no master and no remote command behind after Ctrl-C", async () => {
    const tag = `dk-reuse-int-${process.pid}-${Date.now()}`;
    let pid = 0;
    const done = runScript(fleetScript(`await g.run("echo started; sleep 60; : ${tag}");`), {
      onSpawn: (p) => (pid = p),
    });
    await waitUntil(() => pidsMatching(`sleep 60; : ${tag}`).length >= 2, "the command to start on 2 hosts");
    process.kill(pid, "SIGINT");
    const r = await done;
    expect(r.code === 130 || r.signal === "SIGINT").toBe(true);
    const dir = controlDir(r.stdout);
    expect(await waitGone(dir)).toEqual([]);
    expect(await waitGone(tag)).toEqual([]);
    await expect(waitForMissing(dir)).resolves.toBe(true);
  });

  it("closes the masters and removes the directory when the process is killed with SIGKILL", async () => {
    const tag = `dk-reuse-kill-${process.pid}-${Date.now()}`;
    const info = join(mkdtempSync(join(tmpdir(), "dk-kill-")), "info");
    const done = runScript(
      fleetScript(`
      const { writeFileSync } = await import("node:fs");
      writeFileSync(${JSON.stringify(info)}, process.pid + " " + path.slice(0, path.lastIndexOf("/")));
      // A first command on each host, so that the second makes each host's master.
      await g.run("true", { echo: false });
      await g.run("sleep 60; : ${tag}", { echo: false });
    `),
    );
    await waitUntil(() => pidsMatching(`sleep 60; : ${tag}`).length >= 2, "the command to start on 2 hosts");
    const [pid, dir] = readFileSync(info, "utf8").split(" ") as [string, string];
    expect(pidsMatching(`ControlPath=${dir}/`).length).toBeGreaterThanOrEqual(2);
    process.kill(Number(pid), "SIGKILL");
    await done;
    expect(await waitGone(dir)).toEqual([]);
    expect(await waitGone(tag)).toEqual([]);
    await expect(waitForMissing(dir)).resolves.toBe(true);
  });

  it.each([
    ["after each host's first command", 1],
    ["before any command", 0],
  ])("closes the masters at exit when descriptors ran out %s", async (_when, before) => {
    const { spec, hostOptions } = fleet.sandbox;
    const r = await runScript(`
      import { closeSync, openSync } from "node:fs";
      import { spawnSync } from "node:child_process";
      const g = core.parseHosts(${JSON.stringify(spec)}, ${JSON.stringify(hostOptions)});
      const pipe = { echo: false, stdout: "pipe", check: false };
      for (let i = 0; i < ${before}; i++) await g.run("true", pipe);
      // Room for 20 more files, all taken: nothing can start (the watcher of the control directory neither).
      const free = openSync("/dev/null", "r");
      closeSync(free);
      spawnSync("prlimit", ["--pid", String(process.pid), "--nofile=" + (free + 20)]);
      const held = [];
      try { for (let i = 0; i < 40; i++) held.push(openSync("/dev/null", "r")); } catch {}
      await g.run("true", pipe);
      for (const fd of held) closeSync(fd);
      for (let i = 0; i < 2; i++) await g.run("true", pipe);
      const path = (await g.hosts[1].sshArgs()).find((a) => a.startsWith("ControlPath=")).slice(12);
      const dir = path.slice(0, path.lastIndexOf("/"));
      console.log("CONTROL_DIR=" + dir);
      const masters = spawnSync("pgrep", ["-c", "-f", "ssh: " + dir + "/"], { encoding: "utf8" }).stdout;
      console.log("MASTERS " + masters.trim());
    `);
    expect(r.code, r.stderr).toBe(0);
    const dir = controlDir(r.stdout);
    expect(r.stdout).toMatch(/^MASTERS 2$/m);
    expect(await waitGone(dir)).toEqual([]);
    await expect(waitForMissing(dir)).resolves.toBe(true);
  });

  it("removes the directory at exit when this process's PATH has no sh (nor ssh)", async () => {
    const { spec, hostOptions } = fleet.sandbox;
    const empty = mkdtempSync(join(tmpdir(), "dk-no-tools-"));
    const r = await runScript(`
      const g = core.parseHosts(${JSON.stringify(spec)}, ${JSON.stringify(hostOptions)});
      process.env.PATH = ${JSON.stringify(empty)};
      await g.hosts[0].sshArgs();
      const path = (await g.hosts[0].sshArgs()).find((a) => a.startsWith("ControlPath=")).slice(12);
      console.log("CONTROL_DIR=" + path.slice(0, path.lastIndexOf("/")));
      const r = await g.hosts[0].run("true", { echo: false, stderr: "pipe", check: false }).catch((e) => e);
      console.log("RUN " + r.message);
    `);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^RUN .*no program named ssh on PATH/m);
    await expect(waitForMissing(controlDir(r.stdout))).resolves.toBe(true);
  });

  it("keeps out when the user has their own ControlPath (sshOptions or ssh config) and when turned off", async () => {
    const { addresses, port } = fleet.sandbox;
    const own = new Host(addresses[0]!, { port, sshOptions: ["-o", "ControlPath=/tmp/mine-%C"] });
    expect((await own.sshArgs()).filter((a) => a.startsWith("Control"))).toEqual(["ControlPath=/tmp/mine-%C"]);
    const config = join(mkdtempSync(join(tmpdir(), "dk-cfg-")), "config");
    writeFileSync(config, "Host *\n  ControlMaster auto\n  ControlPath /tmp/theirs-%C\n");
    const fromConfig = new Host(addresses[0]!, { port, sshOptions: ["-F", config] });
    expect((await fromConfig.sshArgs()).some((a) => a.startsWith("Control"))).toBe(false);
    const off = new Host(addresses[0]!, { port, reuseConnection: false });
    expect((await off.sshArgs()).some((a) => a.startsWith("Control"))).toBe(false);
    const on = new Host(addresses[0]!, { port, sshOptions: ["-F", "/dev/null"] });
    // Its first use has a connection of its own; from the second on, core's master.
    expect((await on.sshArgs()).some((a) => a.startsWith("Control"))).toBe(false);
    expect((await on.sshArgs()).some((a) => a.startsWith("ControlPath="))).toBe(true);
  });

  it("shares under a ControlPath with ControlMaster no (Home Manager's default) until something is there", async () => {
    const { addresses, port } = fleet.sandbox;
    const dir = mkdtempSync(join(tmpdir(), "dk-hm-"));
    const manager = "Host *\n  ControlMaster no\n  ControlPath " + join(dir, "master-%h") + "\n  ControlPersist no\n";
    const config = (name: string) => (writeFileSync(join(dir, name), manager), join(dir, name));
    const unused = new Host(addresses[0]!, { port, sshOptions: ["-F", config("a")] });
    await unused.sshArgs();
    expect((await unused.sshArgs()).some((a) => a.startsWith("ControlPath=") && !a.includes(dir))).toBe(true);
    // A master of the user's own listens there: ssh uses it, and core keeps out.
    writeFileSync(join(dir, `master-${addresses[0]!}`), "");
    const theirs = new Host(addresses[0]!, { port, sshOptions: ["-F", config("b")] });
    await theirs.sshArgs();
    expect((await theirs.sshArgs()).some((a) => a.startsWith("Control"))).toBe(false);
  });
});

async function waitForMissing(path: string): Promise<boolean> {
  const { existsSync } = await import("node:fs");
  await waitUntil(() => !existsSync(path), `${path} to be removed`);
  return true;
}
