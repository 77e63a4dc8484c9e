// A host whose meta.targetHost is another machine activates there, but the magic rollback (the old system, the health
// check, going back), the reboot after `boot` and --diff (the running system it compares with) act on the host dk logs
// into: refused before anything is sent, saying what to do. Nothing listens on port 1: any contact would fail.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure, Host } from "@deploykit/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deployNixos, type DeployNixosOptions, type NixosMeta } from "../../src/builtin/deploy-nixos/index.ts";
import { OptionError } from "../../src/builtin/input.ts";
import { makeSource } from "./helpers.ts";

let dir: string;
let source: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dk-deploy-target-"));
  source = makeSource(join(dir, "flake"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const host = (targetHost: string) =>
  new Host<NixosMeta>("builder.invalid", { user: "root", port: 1, meta: { targetHost, flakeAttr: "web" } });

// deployNixos under a dry run (nothing reaches a host): what it threw, and whether it printed anything.
async function dryDeploy(hosts: Host<NixosMeta>[], options: Partial<DeployNixosOptions>) {
  configure({ dryRun: true });
  const out = vi.spyOn(process.stdout, "write");
  try {
    const error = await deployNixos(hosts, { source, summary: false, ...options }).then(
      () => undefined,
      (e: unknown) => e,
    );
    return { error, printed: out.mock.calls.length > 0 };
  } finally {
    out.mockRestore();
    configure({ dryRun: false });
  }
}
const deploy = (targetHost: string, options: Partial<DeployNixosOptions>) => dryDeploy([host(targetHost)], options);

describe("meta.targetHost on another machine", () => {
  it.each([
    [{ action: "switch" as const }, "magic rollback", "--no-rollback"],
    [{ action: "test" as const }, "magic rollback", "--no-rollback"],
    [{ action: "boot" as const, reboot: true }, "the reboot after boot", "drop --reboot"],
    [{ action: "switch" as const, rollback: false, diff: true }, "the diff (it compares with", "drop --diff"],
    [{ action: "boot" as const, diff: true }, "the diff (it compares with", "drop --diff"],
  ])("is refused with %j, naming what acts on the wrong host", async (options, what, fix) => {
    const { error, printed } = await deploy("root@web9", options);
    expect(error).toBeInstanceOf(OptionError);
    const refused = error as OptionError;
    expect(refused.option).toBe("targetHost");
    expect(refused.message).toContain("`meta.targetHost` of host `builder.invalid`");
    expect(refused.message).toContain(what);
    expect(refused.detail).toContain(fix);
    expect(printed, "nothing may be started or printed").toBe(false);
  });

  it.each([
    ["root@web9", { action: "switch" as const, rollback: false }],
    ["root@web9", { action: "boot" as const }],
    ["root@web9", { action: "build" as const }],
    // Neither diffs: nothing is activated to compare with.
    ["root@web9", { action: "build" as const, diff: true }],
    ["root@web9", { action: "dry-activate" as const, diff: true }],
    ["root@builder.invalid", { action: "boot" as const, diff: true }],
    ["localhost", { action: "switch" as const }],
    ["root@builder.invalid", { action: "switch" as const }],
  ])("goes on for %s with %j: nothing acts on the wrong host", async (target, options) => {
    const { error, printed } = await deploy(target, options);
    expect(error).toBeUndefined();
    expect(printed).toBe(true);
  });
});

describe("nixos-rebuild's own --target-host among the extra arguments", () => {
  it.each([[["--target-host", "root@db1"]], [["--show-trace", "--target-host=root@db1"]]])(
    "%j is refused, as it would activate another machine unchecked",
    async (extraArgs) => {
      const { error, printed } = await deploy("localhost", { action: "test", extraArgs });
      expect(error).toBeInstanceOf(OptionError);
      expect(error).toMatchObject({ option: "targetHost" });
      expect((error as Error).message).toBe(
        `Expected \`extraArgs\` to leave out --target-host, got \`${extraArgs.join(" ")}\`: nixos-rebuild would ` +
          "activate that machine, unchecked against the magic rollback, reboot and diff that act on the host dk " +
          "logs into; set meta.targetHost instead",
      );
      expect((error as OptionError).detail).toBe(
        " after `--` goes to nixos-rebuild unchecked (it would activate that machine, while the magic rollback, " +
          "--reboot and --diff act on the host dk logs into); give --target-host before `--`, where dk checks it",
      );
      expect(printed, "nothing may be started or printed").toBe(false);
    },
  );

  it("others go on", async () => {
    const { error } = await deploy("localhost", { action: "test", extraArgs: ["--show-trace", "--target-hostname"] });
    expect(error).toBeUndefined();
  });
});

describe("one system deployed twice", () => {
  const at = (meta: NixosMeta, commandPrefix?: string) =>
    new Host<NixosMeta>("web1.invalid", { user: "root", port: 1, meta, ...(commandPrefix ? { commandPrefix } : {}) });
  const twice = (hosts: Host<NixosMeta>[]) => dryDeploy(hosts, { rollback: false });

  it("is refused before anything is sent, even into two configuration directories under two tags", async () => {
    const hosts = [at({ configDir: "/etc/nixos" }, "web1"), at({ configDir: "/srv/nixos" }, "web1-srv")];
    const { error, printed } = await twice(hosts);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(
      "Expected each host once, got `root@web1.invalid:1` twice: it would be deployed twice at once, two " +
        "nixos-rebuild runs on one system; list it once",
    );
    expect(printed, "nothing may be started or printed").toBe(false);
    const itself = await twice([at({}), at({ targetHost: "localhost", configDir: "/srv/nixos" }, "again")]);
    expect(itself.error).toBeInstanceOf(TypeError);
  });

  it("is refused spelled two ways: one host to ssh", async () => {
    const other = (name: string, options: { user?: string; port?: number }, meta: NixosMeta = {}) =>
      new Host<NixosMeta>(name, { ...options, meta });
    // ssh takes `WEB1.invalid` (port 22 given, another user) where it takes `web1.invalid`: one system.
    const spelled = await twice([other("web1.invalid", { user: "root" }), other("WEB1.invalid", { port: 22 })]);
    expect(spelled.printed).toBe(false);
    expect(spelled.error).toBeInstanceOf(OptionError);
    expect(spelled.error).toMatchObject({ option: "hosts" });
    expect((spelled.error as Error).message).toBe(
      "Expected each host once, got `root@web1.invalid` and `WEB1.invalid:22`, one host to ssh (web1.invalid port " +
        "22): it would be deployed twice at once, two nixos-rebuild runs on one system; list it once",
    );
  });

  it("goes on for one login host deploying to other machines", async () => {
    const { error } = await twice([
      at({ targetHost: "root@db1", configDir: "/srv/db1" }, "db1"),
      at({ targetHost: "root@db2", configDir: "/srv/db2" }, "db2"),
      at({}),
    ]);
    expect(error).toBeUndefined();
  });
});
