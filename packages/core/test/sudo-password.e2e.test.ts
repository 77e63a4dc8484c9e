// Real sudo with a password: a throwaway user (useradd, removed afterwards) whose sudoers rule asks for its
// password, logging in to a sandbox host with the sandbox's key.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, rmSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { Host } from "../src/host.ts";
import { setSudoPassword } from "../src/sudo-password.ts";
import { useFleet } from "./helpers/fleet.ts";

const USER = `dk-sudo-${process.pid}`;
const PASSWORD = `pw ${process.pid} 'quoted' $x`;
const SUDOERS = `/etc/sudoers.d/dk-test-${process.pid}`;
const fleet = useFleet({ hosts: 1 });
let made = false;

beforeAll(() => {
  if (process.getuid?.() !== 0) throw new Error("this test creates a throwaway user and a sudoers rule, so it must run as root (as CI does)");
  chmodSync(fleet.sandbox.dir, 0o755);
  execFileSync("useradd", ["--no-create-home", "--home-dir", fleet.sandbox.home, "--shell", "/bin/bash", USER], { timeout: 10_000 });
  made = true;
  execFileSync("chpasswd", { input: `${USER}:${PASSWORD}\n`, timeout: 10_000 });
  writeFileSync(SUDOERS, `${USER} ALL=(ALL) ALL\nDefaults:${USER} !lecture, passwd_tries=1\n`, { mode: 0o440 });
});

afterAll(async () => {
  rmSync(SUDOERS, { force: true });
  setSudoPassword(undefined);
  if (!made) return;
  // userdel refuses while the user's last session is still ending: retry briefly, then force.
  for (let i = 0; i < 50 && spawnSync("userdel", [USER]).status !== 0; i++) await sleep(100);
  spawnSync("userdel", ["--force", USER]);
});

const host = () => new Host(fleet.sandbox.addresses[0]!, { user: USER, port: fleet.sandbox.port, ...fleet.sandbox.hostOptions });
const pipe = { stdout: "pipe", stderr: "pipe" } as const;

describe("sudo with a password", () => {
  it("without a password, sudo -n fails at once and says a password is required", async () => {
    const error = await host().run("id -u", { becomeRoot: true, ...pipe }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as Error).message).toMatch(/a password is required/);
  });

  it("sends the password to sudo -S on stdin: the command runs as root, and the password shows nowhere", async () => {
    const marker = `dk-sudo-ps-${process.pid}`;
    const run = host().run(`id -u; sleep 1; : ${marker}`, { becomeRoot: true, sudoPassword: PASSWORD, ...pipe });
    await sleep(600);
    const ps = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
    const r = await run;
    expect(r.stdout).toBe("0\n");
    expect(ps).toContain(marker);
    expect(ps).not.toContain(PASSWORD);
    expect(r.stderr).not.toContain(PASSWORD);
  });

  it("uses the process-wide password (what dk --ask-sudo-password sets)", async () => {
    setSudoPassword(PASSWORD);
    try {
      expect((await host().run(["id", "-un"], { becomeRoot: true, ...pipe })).stdout).toBe("root\n");
    } finally {
      setSudoPassword(undefined);
    }
  });

  it("fails clearly on a wrong password", async () => {
    const error = await host().run("id -u", { becomeRoot: true, sudoPassword: "wrong", ...pipe }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as Error).message).toMatch(/incorrect password/);
    expect((error as Error).message).not.toContain("wrong");
  });

  it("rejects a password that cannot be sent as one line", () => {
    expect(() => setSudoPassword("a\nb")).toThrow(/without newlines/);
  });
});
