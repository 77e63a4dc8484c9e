// A login user that is not root gets sudo for both steps. The user is real (a throwaway account made with
// useradd, removed afterwards); sudo is a stand-in first on the host's PATH, like nixos-rebuild: it checks `-n`,
// logs the command and runs it. A real sudo would mean installing a package and a sudoers rule on the machine
// running the tests; the stand-in proves the same thing — which commands go through `sudo -n` — without that.
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout } from "node:timers/promises";
import { Host } from "@deploykit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATE_ROOT } from "../../src/builtin/deploy-nixos/state-dir.ts";
import { deployNixos, type NixosMeta } from "../../src/builtin/deploy-nixos/index.ts";
import { makeSource, startFleet, type Fleet } from "./helpers.ts";

const USER = `dk-deploy-${process.pid}`;
let fleet: Fleet | undefined;
let uid = -1;

beforeAll(async () => {
  if (process.getuid?.() !== 0)
    throw new Error("this test creates a throwaway user with useradd, so it must run as root (as CI does)");
  fleet = await startFleet(1);
  // The user logs in with the sandbox's key and runs the stand-ins: those directories must be open to it.
  chmodSync(fleet.sandbox.dir, 0o755);
  chmodSync(fleet.work, 0o755);
  fleet.clearRecords();
  execFileSync(
    "useradd",
    ["--no-create-home", "--home-dir", fleet.sandbox.home, "--shell", "/bin/bash", "--password", "*", USER],
    { timeout: 10_000 },
  );
  uid = Number(execFileSync("id", ["-u", USER], { encoding: "utf8" }).trim());
});

afterAll(async () => {
  try {
    await fleet?.stop();
  } finally {
    if (uid !== -1) await removeUser(USER);
  }
});

// userdel refuses while the user's last ssh session is still winding down; retry for a few seconds, then force.
async function removeUser(name: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      execFileSync("userdel", [name], { timeout: 10_000, stdio: "pipe" });
      return;
    } catch {
      await setTimeout(100);
    }
  }
  execFileSync("userdel", ["--force", name], { timeout: 10_000 });
}

describe("deployNixos as a user that is not root", () => {
  it("runs the receiving rsync and nixos-rebuild through sudo -n", async () => {
    const f = fleet!;
    const address = f.sandbox.addresses[0]!;
    // The stand-in sudo cannot make the user root, so the user owns the parent of its config dir.
    const parent = join(f.sandbox.dir, "hosts", address);
    mkdirSync(parent, { recursive: true });
    chownSync(parent, uid, -1);
    const configDir = join(parent, "nixos");
    const source = makeSource(join(f.work, "src"));
    const host = new Host<NixosMeta>(address, {
      user: USER,
      port: f.sandbox.port,
      ...f.sandbox.hostOptions,
      meta: { configDir, flakeAttr: "web" },
    });

    // The activation's state and the locks live in /run/dk-deploy, root's on a real host; the stand-in sudo keeps
    // the user.
    const mutex = join(STATE_ROOT, ".mutex");
    mkdirSync(STATE_ROOT, { recursive: true, mode: 0o700 });
    writeFileSync(mutex, "", { flag: "a" });
    for (const path of [STATE_ROOT, mutex]) chownSync(path, uid, -1);
    const [result] = await deployNixos([host], { source, action: "test", summary: false }).finally(() => {
      for (const path of [STATE_ROOT, mutex]) chownSync(path, 0, -1);
    });

    expect(result!.ok).toBe(true);
    expect(readFileSync(join(configDir, "flake.nix"), "utf8")).toContain("outputs");
    expect(statSync(join(configDir, "flake.nix")).uid).toBe(uid);
    // Every step on the host went through sudo -n: the lock, the look for the keeper's mark (the keeper's login, a new
    // connection that asks nothing, is the one the armed rollback needs), the check that sudo runs rsync without a
    // password, rsync, then starting, following and confirming the activation, and the lock's release; beside them,
    // from before the lock on, the keeper that lets go of the lock should dk go (its sleep loop).
    const logged = f.sudoLog() ?? [];
    expect(logged.filter((line) => line.includes("sleep 3600"))).toHaveLength(1);
    const sudo = logged.filter((line) => !line.includes("sleep 3600"));
    expect(sudo[0]).toMatch(/^bash -c .*dk-deploy\/\.mutex/s);
    expect(sudo[1]).toMatch(/^bash -c .*dk-deploy-\S+\.keeper.*until \[ -e /s);
    expect(sudo[2]).toBe("rsync --version");
    expect(sudo[3]).toMatch(/^rsync --server /);
    const commands = sudo.slice(4).join("\n");
    expect(commands.match(/^bash -c /gm)?.length).toBeGreaterThanOrEqual(3);
    expect(commands.startsWith("bash -c ")).toBe(true);
    expect(commands).toContain("nixos-rebuild test");
    expect(result!.result.outcome).toBe("confirmed");
    expect(f.whoami(address)).toBe(`user=${USER} sudo=yes`);
    expect(f.argv(address)).toEqual([
      "test",
      "--option",
      "accept-flake-config",
      "true",
      "--build-host",
      "localhost",
      "--target-host",
      "localhost",
      "--flake",
      `${configDir}#web`,
    ]);
  });
});
