import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Group, Host } from "@deploykit/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import {
  DeployNixosError,
  deployNixos,
  deployNixosTask,
  type DeployNixosOptions,
  type NixosMeta,
} from "../../src/builtin/deploy-nixos/index.ts";
import { makeSource } from "./helpers.ts";

// Hosts that would fail loudly if anything were sent: nothing listens on port 1.
const host = (meta: NixosMeta = {}, name = "never-contacted.invalid") =>
  new Host<NixosMeta>(name, { user: "root", port: 1, meta });

let dir: string;
let flake: string;
let classic: string;
let stdout: MockInstance;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dk-deploy-input-"));
  flake = makeSource(join(dir, "flake"));
  classic = makeSource(join(dir, "classic"), "configuration.nix");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => void (stdout = vi.spyOn(process.stdout, "write")));
// Nothing was started: no command echo, no summary.
afterEach(() => {
  expect(stdout).not.toHaveBeenCalled();
  stdout.mockRestore();
});

const deploy = (hosts: Host<NixosMeta>[], options: Partial<DeployNixosOptions> = {}) =>
  deployNixos(hosts, { source: flake, ...options });

describe("deployNixos refuses bad input before anything is sent", () => {
  it("without rsync on this machine, naming the package to install", async () => {
    const path = process.env.PATH;
    process.env.PATH = join(dir, "empty-bin");
    try {
      const error = await deploy([host()]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeployNixosError);
      expect(error).toMatchObject({ problem: "rsync-missing" });
      expect((error as Error).message).toContain("apt-get install -y rsync");
    } finally {
      process.env.PATH = path;
    }
  });

  it("with a source directory that is missing or holds no NixOS configuration", async () => {
    const empty = join(dir, "empty");
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, "README"), "no nix here\n");
    await expect(deploy([host()], { source: empty })).rejects.toMatchObject({
      name: "DeployNixosError",
      problem: "no-configuration",
      path: empty,
      message: expect.stringContaining("holds neither flake.nix nor configuration.nix"),
    });
    await expect(deploy([host()], { source: join(dir, "nope") })).rejects.toMatchObject({ problem: "source-missing" });
    await expect(deploy([host()], { source: join(empty, "README") })).rejects.toMatchObject({
      problem: "source-missing",
    });
  });

  it("with flakeAttr for a source that has only configuration.nix", async () => {
    await expect(deploy([host({ flakeAttr: "web" })], { source: classic })).rejects.toMatchObject({
      problem: "flake-attr-without-flake",
      message: expect.stringContaining("drop flakeAttr, or add a flake.nix"),
    });
  });

  it.each(["swtich", "", "rollback", "switch; reboot"])("with the action %j", async (action) => {
    await expect(deploy([host()], { action: action as "switch" })).rejects.toThrow(
      /^Expected `action` to be one of switch, boot, test, build, dry-activate, got `/,
    );
  });

  it.each(["web;reboot", "a b", "-x", "x#y", '"q"', "$(id)", "", "web\n"])(
    "with the flakeAttr %j",
    async (flakeAttr) => {
      await expect(deploy([host({ flakeAttr })])).rejects.toThrow(
        /^Expected `meta\.flakeAttr` of host `never-contacted\.invalid` to be a nixosConfigurations attribute name/,
      );
    },
  );

  it("with a hostname that cannot be the default flakeAttr, saying to set flakeAttr", async () => {
    await expect(deploy([host({}, "fe80::1%eth0")])).rejects.toThrow(
      /^Expected `hostname \(the default meta\.flakeAttr\)` of host `fe80::1%eth0`/,
    );
  });

  it.each(["-oProxyCommand=x", "a b", "root@", "host;reboot", ""])("with the targetHost %j", async (targetHost) => {
    await expect(deploy([host({ targetHost })])).rejects.toThrow(
      /^Expected `meta\.targetHost` of host `never-contacted\.invalid` to be `\[user@\]host`/,
    );
  });

  it.each(["etc/nixos", "/", "/etc", "//", "/etc/nix os", "/etc/../root/x", "/etc/nixos#x", "/etc/nixos:x", "~/nixos"])(
    "with the configDir %j",
    async (configDir) => {
      await expect(deploy([host({ configDir })])).rejects.toThrow(
        new RegExp(
          /^Expected `meta\.configDir` of host `never-contacted\.invalid` to be /.source +
            /(an absolute directory|at least two levels deep)/.source,
        ),
      );
    },
  );

  it("when any one host of several is bad: nothing goes to the good ones either", async () => {
    await expect(deploy([host(), host({ configDir: "/" }, "second.invalid")])).rejects.toThrow(
      /of host `second\.invalid`/,
    );
  });

  it("with no hosts, or options of the wrong shape", async () => {
    await expect(deploy([])).rejects.toThrow(
      "Expected `hosts` to hold at least one host, got none: nothing to deploy to",
    );
    await expect(deployNixos(new Group<NixosMeta>([]), { source: flake })).rejects.toThrow(/at least one host/);
    await expect(deploy([host()], { source: "" })).rejects.toThrow(/^Expected `source` to be a directory path/);
    await expect(deploy([host()], { excludes: "*.bak" as unknown as string[] })).rejects.toThrow(
      /^Expected `excludes` to be an array of strings/,
    );
    await expect(deploy([host()], { extraArgs: ["ok", 3] as unknown as string[] })).rejects.toThrow(
      /^Expected `extraArgs` to be an array of strings/,
    );
    await expect(deploy([host()], { concurrency: 0 })).rejects.toThrow(
      /^Expected `concurrency` to be a positive integer or Infinity/,
    );
  });
});

describe("deployNixosTask checks its flags the same way", () => {
  it("rejects a bad host list with core's message naming the entry", async () => {
    await expect(deployNixosTask({ hosts: "root@a,-oProxyCommand=x", source: flake })).rejects.toThrow(
      /^Invalid host entry `-oProxyCommand=x`/,
    );
  });

  it("checks flakeAttr, targetHost and configDir once, by their own names (the flags), before any host", async () => {
    await expect(deployNixosTask({ hosts: "root@a.invalid", flakeAttr: "web;x", source: flake })).rejects.toThrow(
      /^Expected `flakeAttr` to be a nixosConfigurations attribute name/,
    );
    await expect(deployNixosTask({ hosts: "a.invalid", targetHost: "-x", source: flake })).rejects.toThrow(
      /^Expected `targetHost` to be `\[user@\]host`/,
    );
    await expect(deployNixosTask({ hosts: "a.invalid,b.invalid", configDir: "/etc", source: flake })).rejects.toThrow(
      /^Expected `configDir` to be at least two levels deep/,
    );
    await expect(deployNixosTask({ hosts: "a.invalid", action: "up" as "switch", source: flake })).rejects.toThrow(
      /`action`/,
    );
  });

  it("ships the directory of the tasks.ts dk names, else the current directory", async () => {
    const { defaultSource } = await import("../../src/builtin/deploy-nixos/task.ts");
    expect(defaultSource({ DK_TASKS_FILE: "/home/me/infra/tasks.ts" })).toBe("/home/me/infra");
    expect(defaultSource({})).toBe(process.cwd());
  });
});
