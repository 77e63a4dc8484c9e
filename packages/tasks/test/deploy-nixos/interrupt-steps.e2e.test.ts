// Ctrl-C (SIGINT to dk's process group, as a terminal sends it) at each step of dk deploy-nixos before the activation
// runs: the host is summed up as stopped, and what the deployment took on the host (its lock, a staged copy) is let go.
import { existsSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lockFile } from "../../src/builtin/deploy-nixos/lock-script.ts";
import { BUILD_HOOK_MS, ensureBuilt } from "../helpers/build.ts";
import { gatedCommand, heldLogin, signalledDk } from "./group-signal.ts";
import { useOneHost } from "./helpers.ts";

const TASKS = join(import.meta.dirname, "fixtures", "dk-project", "tasks.ts");
const one = useOneHost("steps");
beforeAll(() => ensureBuilt(), BUILD_HOOK_MS);

// dk deploy-nixos of the one host into configDir `name`, sent `signal` once `when` holds.
function deploy(name: string, when: () => boolean, ...flags: string[]) {
  return deployWith("SIGINT", name, when, ...flags);
}

function deployWith(signal: NodeJS.Signals, name: string, when: () => boolean, ...flags: string[]) {
  const { fleet, address } = one;
  const host = `root@${address}:${fleet.sandbox.port}`;
  const args = ["--key", fleet.sandbox.key, "--host-key-check", "none", "--source", one.source];
  const configDir = fleet.configDir(address, name);
  return signalledDk(
    ["-f", TASKS, "deploy-nixos", "--hosts", host, ...args, "--config-dir", configDir, ...flags],
    when,
    { signal },
  );
}

// A stand-in that holds its step on the host at `gate`; removed, with the gate's files, after `body`.
async function withGate<T>(name: string, real: string, match: string, body: (gate: string) => Promise<T>) {
  const gate = join(one.fleet.work, `${name}-gate`);
  const file = gatedCommand(join(one.fleet.work, "bin"), name, real, match, gate);
  writeFileSync(gate, "");
  try {
    return await body(gate);
  } finally {
    for (const f of [gate, `${gate}.claimed`, `${gate}.waiting`, file]) rmSync(f, { recursive: true, force: true });
  }
}

// The directory the stand-in nixos-rebuild that runs on the host builds in: --diff's, in /tmp (which other test files'
// deployments share, so it is told apart by the process that uses it).
function buildDir(): string | undefined {
  const pid = readFileSync(join(one.fleet.records, `${one.address}.pid`), "utf8").trim();
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}

// The summary's row of the host: its result and reason.
const row = (stdout: string) =>
  new RegExp(`^${one.address.replaceAll(".", "\\.")} +(ok|failed|stopped|skipped) +\\S+ +(.*)$`, "m")
    .exec(stdout)
    ?.slice(1);

describe("Ctrl-C before the activation", () => {
  it("while taking the lock: stopped at once, and the lock it had just taken is let go", async () => {
    const configDir = one.fleet.configDir(one.address, "lock");
    const started = Date.now();
    const run = await withGate("mv", "/bin/mv", "/lock:", (gate) =>
      deploy("lock", () => existsSync(`${gate}.waiting`)),
    );
    expect(run.code).toBe(130);
    expect(row(run.stdout)).toEqual([
      "stopped",
      "interrupted while taking the deployment lock; nothing was sent, the system did not change",
    ]);
    expect(existsSync(lockFile(configDir)), "the lock is let go").toBe(false);
    expect(existsSync(join(configDir, "flake.nix")), "nothing is sent after Ctrl-C").toBe(false);
    expect(one.fleet.steps(one.address)).toEqual([]);
    // Not held until the stand-in let the lock's answer go (30 s).
    expect(Date.now() - started).toBeLessThan(25_000);
  }, 120_000);

  it("while checking that the host takes a new login (armed rollback): stopped there, nothing sent", async () => {
    const configDir = one.fleet.configDir(one.address, "check");
    const gate = join(one.fleet.work, "check-gate");
    // The check waits on the host for the keeper's mark (its login is the check's), after the lock was taken: held.
    const file = heldLogin(one.fleet.sandbox.home, "until [ -e", gate);
    writeFileSync(gate, "");
    const started = Date.now();
    const run = await deploy("check", () => existsSync(`${gate}.waiting`)).finally(() => {
      for (const f of [gate, `${gate}.claimed`, `${gate}.waiting`, file]) rmSync(f, { recursive: true, force: true });
    });
    expect(run.code).toBe(130);
    expect(row(run.stdout)).toEqual([
      "stopped",
      "interrupted while checking that the host takes a new ssh login asking nothing (the rollback's " +
        "confirmation needs one); nothing was sent, the system did not change",
    ]);
    expect(existsSync(lockFile(configDir)), "the lock is let go").toBe(false);
    expect(existsSync(join(configDir, "flake.nix")), "nothing is sent").toBe(false);
    expect(one.fleet.steps(one.address)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(25_000);
  }, 120_000);

  it("during rsync: stopped at once, nothing activated, the lock let go", async () => {
    const configDir = one.fleet.configDir(one.address, "rsync");
    const started = Date.now();
    const run = await withGate("rsync", "/usr/bin/rsync", "--server", (gate) =>
      deploy("rsync", () => existsSync(`${gate}.waiting`)),
    );
    expect(run.code).toBe(130);
    expect(row(run.stdout)).toEqual([
      "stopped",
      "interrupted during rsync; the system did not change " +
        `(${configDir} on the host may hold part of the new configuration)`,
    ]);
    expect(existsSync(lockFile(configDir))).toBe(false);
    expect(one.fleet.steps(one.address)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(25_000);
  }, 120_000);

  it("during --diff's build: stopped at once, the build ended, its directory removed, the lock let go", async () => {
    const configDir = one.fleet.configDir(one.address, "diff");
    one.fleet.hold(one.address, "build");
    const started = Date.now();
    let dir: string | undefined;
    const building = () => {
      if (!one.fleet.steps(one.address).includes("nixos-rebuild build")) return false;
      dir ??= buildDir();
      return true;
    };
    const run = await deploy("diff", building, "--diff").finally(() => one.fleet.release(one.address));
    expect(run.code).toBe(130);
    expect(row(run.stdout)).toEqual(["stopped", "interrupted during diff; the system did not change"]);
    expect(one.fleet.rebuildRuns(one.address), "the build goes with dk's stop").toBe(false);
    expect(one.fleet.steps(one.address)).toEqual(["nixos-rebuild build"]);
    expect(dir).toMatch(/^\/tmp\/dk-diff\.\w+$/);
    expect(existsSync(dir!), "the build's directory is removed").toBe(false);
    expect(existsSync(lockFile(configDir))).toBe(false);
    expect(Date.now() - started).toBeLessThan(25_000);
  }, 120_000);

  it("SIGTERM (a cancelled CI job) during rsync: stopped as by Ctrl-C, exit 143, nothing activated", async () => {
    const configDir = one.fleet.configDir(one.address, "term");
    const started = Date.now();
    const run = await withGate("rsync", "/usr/bin/rsync", "--server", (gate) =>
      deployWith("SIGTERM", "term", () => existsSync(`${gate}.waiting`)),
    );
    expect(run.code).toBe(143);
    expect(row(run.stdout)).toEqual([
      "stopped",
      "interrupted during rsync; the system did not change " +
        `(${configDir} on the host may hold part of the new configuration)`,
    ]);
    expect(existsSync(lockFile(configDir)), "the lock is let go").toBe(false);
    expect(one.fleet.steps(one.address), "nothing activated").toEqual([]);
    expect(one.fleet.argv(one.address)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(25_000);
  }, 120_000);
});
