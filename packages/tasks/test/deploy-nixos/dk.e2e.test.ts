// The task wrapper through the real dk binary, as the built-in `deploy-nixos` will be: a fixture tasks.ts
// exports it under that name (a user task replaces the built-in of the same name).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "../helpers/build.ts";
import { dk } from "../helpers/dk.ts";
import { makeSource, startFleet, type Fleet } from "./helpers.ts";

const TASKS = join(import.meta.dirname, "fixtures", "dk-project", "tasks.ts");
let fleet: Fleet;
let source: string;
let hosts: string;
let sandboxFlags: string[];

beforeAll(async () => {
  await ensureBuilt();
  fleet = await startFleet(2);
  source = makeSource(join(fleet.work, "src"));
  hosts = fleet.sandbox.addresses.map((address) => `root@${address}:${fleet.sandbox.port}`).join(",");
  sandboxFlags = ["--key", fleet.sandbox.key, "--host-key-check", "none", "--source", source];
}, BUILD_HOOK_MS + 60_000);
afterAll(async () => fleet?.stop());
beforeEach(() => fleet.clearRecords());

describe("dk deploy-nixos", () => {
  it("takes its flags from the TypeScript signature", async () => {
    const help = await dk(["-f", TASKS, "deploy-nixos", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      new RegExp(
        /^Usage: dk deploy-nixos --hosts <string> \[--flake-attr <string>\] /.source +
          /\[--action <switch\|boot\|test\|build\|dry-activate>\] \[--target-host <string>\] /.source +
          /\[--config-dir <string>\] \[--source <string>\] \[--exclude <string>\.\.\.\] \[--limit <number>\] /.source +
          /\[--host-key-check <strict\|tofu\|none>\] \[--key <string>\] \[--\[no-\]rollback\] /.source +
          /\[--confirm-timeout <number>\] \[--health-timeout <number>\] \[--batch <string>\] \[--canary <string>\] /
            .source +
          /\[--max-failures <number>\] \[--\[no-\]reboot\] \[--reboot-timeout <number>\] \[--\[no-\]diff\] /.source +
          /\[--detach <auto\|systemd-run\|setsid>\] \[--on-interrupt <ask\|stop\|leave>\] \[-- args\.\.\.\]\n/.source,
      ),
    );
  });

  it("deploys to the hosts, exit 0, with arguments after -- going to nixos-rebuild", async () => {
    const [a, b] = fleet.sandbox.addresses as [string, string];
    const configDir = join(fleet.sandbox.dir, "dk", "nixos");
    const run = await dk(
      [
        "-f",
        TASKS,
        "deploy-nixos",
        "--hosts",
        hosts,
        ...sandboxFlags,
        "--config-dir",
        configDir,
        "--flake-attr",
        "web",
        "--action",
        "test",
        "--limit",
        "1",
        "--",
        "--show-trace",
      ],
      { timeoutMs: 60_000 },
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("deploy-nixos test on 2 hosts: 2 ok, 0 failed\n");
    expect(fleet.argv(a)).toEqual([
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
      "--show-trace",
    ]);
    expect(fleet.argv(b)?.at(-2)).toBe(`${configDir}#web`);
    expect(existsSync(join(configDir, "flake.nix"))).toBe(true);
  });

  it("takes the safety flags: --canary first, --batch, --confirm-timeout, --on; summary: confirmed", async () => {
    const [a, b] = fleet.sandbox.addresses as [string, string];
    const configDir = join(fleet.sandbox.dir, "dk", "safety");
    const safety = ["--config-dir", configDir, "--canary", b, "--batch", "50%", "--confirm-timeout", "20"];
    const run = await dk(
      ["-f", TASKS, "--on", `${b},${a}`, "deploy-nixos", "--hosts", hosts, ...sandboxFlags, ...safety],
      {
        timeoutMs: 90_000,
      },
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`[${b}] $ nixos-rebuild switch`);
    expect(run.stdout).toContain("rollback armed: 20 s to confirm");
    // The canary's whole deployment came before the other host's started.
    expect(run.stdout.indexOf(`[${b}] confirmed over a new ssh connection`)).toBeLessThan(
      run.stdout.indexOf(`[${a}] $ rsync`),
    );
    expect(run.stdout).toMatch(/\n\S+ +ok +\d+\.\ds +confirmed\n\S+ +ok +\d+\.\ds +confirmed\n/);
  });

  it("--on that picks none of the hosts stops before anything is sent", async () => {
    const run = await dk(["-f", TASKS, "--on", "@web", "deploy-nixos", "--hosts", hosts, ...sandboxFlags]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("`@web` matches none of the 2 hosts");
    expect(fleet.argv(fleet.sandbox.addresses[0]!)).toBeUndefined();
  });

  it("exits 1 naming the failed host and why", async () => {
    const [a, b] = fleet.sandbox.addresses as [string, string];
    fleet.failOn(b);
    const run = await dk(
      [
        "-f",
        TASKS,
        "deploy-nixos",
        "--hosts",
        hosts,
        ...sandboxFlags,
        "--config-dir",
        join(fleet.sandbox.dir, "dk-fail", "nixos"),
        "--limit",
        "1",
      ],
      { timeoutMs: 60_000 },
    );
    expect(run.code).toBe(1);
    // deploy-nixos's summary names the host and why; dk's report then says no more than that it failed.
    const why = `nixos-rebuild failed (exit code 1): error: stand-in failure on ${b}; the system did not change`;
    expect(run.stdout).toContain(why);
    expect(run.stderr).toContain(
      `dk: task "deploy-nixos" failed: 1 of 2 hosts failed (the summary above says which and why)\n`,
    );
    expect(fleet.argv(a)).toBeDefined();
  });

  it("rejects a bad action (exit 2) and, from a project task, a bad flake attribute (exit 1)", async () => {
    const action = await dk(["-f", TASKS, "deploy-nixos", "--hosts", hosts, "--action", "swtich"]);
    expect(action.code).toBe(2);
    const attr = await dk([
      "-f",
      TASKS,
      "deploy-nixos",
      "--hosts",
      hosts,
      ...sandboxFlags,
      "--flake-attr",
      "web;reboot",
    ]);
    // The project exports the built-in's wrapper as a task of its own: its bad input is that task's failure.
    expect(attr.code).toBe(1);
    expect(attr.stderr).toContain("Expected `flakeAttr` to be a nixosConfigurations attribute name");
    expect(attr.stdout).toBe("");
  });
});
