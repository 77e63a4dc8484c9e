// The deployment lock: one deployment at a time mirrors into a host's configuration directory and activates it. The
// sandbox hosts share this machine's /run, as they share its filesystem: each test has a configuration directory (and
// so a lock) of its own.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GroupError } from "@deploykit/core";
import { waitUntil } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";
import { deployNixos, type HostDeployError } from "../../src/builtin/deploy-nixos/index.ts";
import { lockFile } from "../../src/builtin/deploy-nixos/lock-script.ts";
import { STATE_ROOT } from "../../src/builtin/deploy-nixos/state-dir.ts";
import { useOneHost } from "./helpers.ts";

const one = useOneHost("src");

const deploy = (configDir: string) =>
  deployNixos(one.fleet.hosts([{ configDir }]), { source: one.source, action: "test", summary: false });
const failure = (error: unknown) => (error as GroupError).failed[0]!.error as HostDeployError;
const rebuilds = () => one.fleet.steps(one.address).filter((step) => step.startsWith("nixos-rebuild")).length;
const epoch = () => Math.floor(Date.now() / 1000);
// A pid no process has: one that just exited.
const deadPid = () => spawnSync("true").pid!;

describe("the deployment lock", () => {
  it("skips a second deployment of the same directory, untouched, naming the first, which finishes", async () => {
    const configDir = one.fleet.configDir(one.address, "both");
    const file = lockFile(configDir);
    one.fleet.hold(one.address, "build");
    const first = deploy(configDir).then(
      () => "done",
      (error: unknown) => error,
    );
    try {
      await waitUntil(() => one.fleet.rebuildRuns(one.address), "the first deployment's nixos-rebuild to start");
      const [head, activation] = readFileSync(file, "utf8").split("\n");
      const id = head!.split(" ")[0]!;
      expect(id).toMatch(/^dk-deploy-/);
      // The activation holds the lock too: should dk go away now, the directory stays its own until it ends.
      expect(activation).toMatch(/^\d+$/);

      const second = await deploy(configDir).catch((error: unknown) => error);
      expect(second).toBeInstanceOf(GroupError);
      expect(failure(second)).toMatchObject({ step: "lock", outcome: "skipped" });
      const reason = failure(second).reason;
      expect(reason).toMatch(new RegExp(`^skipped: another deployment holds ${configDir} here \\(${id} of `));
      expect(reason).toMatch(new RegExp(`@\\S+ pid ${process.pid}, since \\d{4}-\\d\\d-\\d\\d \\S+ UTC\\); `));
      // How long it may stay: the lease, renewed while the first works there.
      const lease = /\); it keeps the lock for another (\d+) s \(until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\), longer /;
      expect(Number(lease.exec(reason)?.[1])).toBeGreaterThan(0);
      expect(Number(lease.exec(reason)?.[1])).toBeLessThanOrEqual(120);
      // Which file holds it, and when it is safe to remove: its dk gone and its activation ended.
      expect(reason).toMatch(/, longer while it renews it as it works there; run again once it is done, or, /);
      const clear =
        `, or, if that dk is gone (it died, or lost the host) and its activation (pid ${activation} there) has ` +
        `ended, clear the lock sooner: rm -f ${file} (as root on the host)`;
      expect(reason.endsWith(clear), reason).toBe(true);

      // The first's lease over (as if its dk were gone): its running activation still keeps the second out.
      const end = head!.split(" ")[1]!;
      writeFileSync(file, readFileSync(file, "utf8").replace(`${id} ${end} `, `${id} 1 `));
      const held = failure(await deploy(configDir).catch((error: unknown) => error));
      expect(held.step).toBe("lock");
      expect(held.reason).toContain(
        "); its lease is over, but its activation still runs there; run again once that ended",
      );
      expect(held.reason.endsWith(clear), held.reason).toBe(true);
      expect(rebuilds()).toBe(1);
    } finally {
      one.fleet.release(one.address);
      // Also when a check failed: the first deployment ends, letting go of its lock, before the fleet stops.
      await first;
    }
    expect(await first).toBe("done");
    expect(existsSync(file)).toBe(false);
    await deploy(configDir);
    expect(rebuilds()).toBe(2);
  }, 120_000);

  it("takes over a lock whose deployment is gone; refuses one whose lease runs, sending nothing", async () => {
    const configDir = one.fleet.configDir(one.address, "stale");
    const file = lockFile(configDir);
    mkdirSync(STATE_ROOT, { recursive: true, mode: 0o700 });
    // Left by a dk that died: its lease is over and its activation is gone.
    writeFileSync(file, `dk-deploy-gone ${epoch() - 1} ${epoch() - 300} someone@elsewhere pid 7\n${deadPid()}\n`);
    await deploy(configDir);
    expect(rebuilds()).toBe(1);
    expect(existsSync(file)).toBe(false);

    one.fleet.clearRecords();
    const other = one.fleet.configDir(one.address, "busy");
    writeFileSync(lockFile(other), `dk-deploy-other ${epoch() + 600} ${epoch() - 5} ci@runner-7 pid 4242\n`);
    try {
      const busy = await deploy(other).catch((error: unknown) => error);
      expect(failure(busy)).toMatchObject({ step: "lock", outcome: "skipped" });
      expect(failure(busy).reason).toContain(`(dk-deploy-other of ci@runner-7 pid 4242, since `);
      const left = Number(/; it keeps the lock for another (\d+) s \(until /.exec(failure(busy).reason)?.[1]);
      expect(left).toBeGreaterThan(500);
      expect(left).toBeLessThanOrEqual(600);
      // No activation of its runs: its dk gone is enough.
      expect(failure(busy).reason).toMatch(
        new RegExp(
          "; run again once it is done, or, if that dk is gone \\(it died, or lost the host\\), clear the lock " +
            `sooner: rm -f ${lockFile(other)} \\(as root on the host\\)$`,
        ),
      );
      expect(one.fleet.steps(one.address)).toEqual([]);
      expect(existsSync(join(other, "flake.nix"))).toBe(false);
    } finally {
      rmSync(lockFile(other), { force: true });
    }
  }, 120_000);
});
