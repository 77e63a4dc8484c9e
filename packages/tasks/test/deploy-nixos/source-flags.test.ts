import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "../helpers/build.ts";
import { dk } from "../helpers/dk.ts";
import { tempDir } from "../helpers/paths.ts";

// The built-in's --source and --flake-attr, checked against the directory before any host is reached (the port is
// closed: a connection would fail otherwise, and exit 1).
const HOSTS = ["--hosts", "root@127.0.0.1:1", "--host-key-check", "none"];
beforeAll(ensureBuilt, BUILD_HOOK_MS);

function project(files: Record<string, string>): string {
  const dir = tempDir("dk-source-");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("dk deploy-nixos --source", () => {
  it("is bad usage (exit 2) when it names no directory, with the usage line and nothing run", async () => {
    const cwd = project({});
    const missing = join(cwd, "nope");
    const run = await dk(["deploy-nixos", ...HOSTS, "--source", missing], { cwd });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`--source: the source directory ${missing} does not exist or is not a directory; `);
    expect(run.stderr).toMatch(/Usage: dk deploy-nixos /);
    expect(run.stdout).toBe("");
  });

  it("is bad usage when the directory holds no NixOS configuration", async () => {
    const cwd = project({});
    const empty = join(cwd, "empty");
    mkdirSync(empty);
    const run = await dk(["deploy-nixos", ...HOSTS, "--source", empty], { cwd });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`--source: ${empty} holds neither flake.nix nor configuration.nix`);
  });

  it("makes --flake-attr bad usage for a configuration without flake.nix, given or tasks.ts's directory", async () => {
    const cwd = project({ "configuration.nix": "{ ... }: { }\n" });
    const given = await dk(["deploy-nixos", ...HOSTS, "--source", cwd, "--flake-attr", "web"], { cwd });
    expect(given.code, given.stderr).toBe(2);
    const why = `--flake-attr web: ${cwd} has no flake.nix (only configuration.nix); drop --flake-attr, or add one`;
    expect(given.stderr).toContain(why);
    const defaulted = await dk(["deploy-nixos", ...HOSTS, "--flake-attr", "web"], { cwd });
    expect(defaulted.code, defaulted.stderr).toBe(2);
    expect(defaulted.stderr).toContain(why);
  });

  it("leaves a directory of tasks.ts that is no configuration to the deployment: the task fails (exit 1)", async () => {
    const cwd = project({});
    const run = await dk(["deploy-nixos", ...HOSTS], { cwd });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(`${cwd} holds neither flake.nix nor configuration.nix`);
  });

  it("goes on to the hosts with a source that is a configuration: the closed port fails the deployment", async () => {
    const cwd = project({ "flake.nix": "{ outputs = { self }: { }; }\n" });
    const run = await dk(["deploy-nixos", ...HOSTS, "--source", cwd, "--flake-attr", "web"], { cwd });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr + run.stdout).toMatch(/Connection refused|unreachable/);
  });
});
