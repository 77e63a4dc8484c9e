import {
  lstatSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
  existsSync,
  mkdirSync,
  copyFileSync,
  chmodSync,
} from "node:fs";
import { join } from "node:path";
import { GroupError, Host } from "@deploykit/core";
import { freePort } from "@deploykit/sandbox";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  deployNixos,
  deployNixosTask,
  HostDeployError,
  type NixosAction,
  type NixosMeta,
} from "../../src/builtin/deploy-nixos/index.ts";
import { makeSource, startFleet, type Fleet } from "./helpers.ts";

let fleet: Fleet;
let source: string;
let a: string, b: string, c: string;

beforeAll(async () => {
  fleet = await startFleet(3);
  [a, b, c] = fleet.sandbox.addresses as [string, string, string];
  source = makeSource(join(fleet.work, "src"));
});
afterAll(async () => fleet?.stop());
beforeEach(() => fleet.clearRecords());

// Every file under `dir`, relative, sorted: what landed on a host.
function tree(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const name = `${prefix}${entry.name}`;
      return entry.isDirectory() ? [name + "/", ...tree(join(dir, entry.name), `${name}/`)] : [name];
    })
    .sort();
}

const mode = (path: string) => statSync(path).mode & 0o777;

// Captures what deployNixos writes to stdout (the summary), still letting it through.
async function withStdout<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: unknown; stdout: string }> {
  const spy = vi.spyOn(process.stdout, "write");
  try {
    return { value: await fn(), stdout: spy.mock.calls.map((call) => String(call[0])).join("") };
  } catch (error) {
    return { error, stdout: spy.mock.calls.map((call) => String(call[0])).join("") };
  } finally {
    spy.mockRestore();
  }
}

describe("deployNixos against sandbox sshd hosts with real rsync", () => {
  it("mirrors source to each configDir: filters honoured, modes and symlinks kept, removed files deleted", async () => {
    const metas = [a, b, c].map((address) => ({ configDir: fleet.configDir(address, "mirror"), flakeAttr: "web" }));
    writeFileSync(join(source, "old.bak"), "excluded by option\n");
    const results = await deployNixos(fleet.hosts(metas), { source, excludes: ["*.bak"], summary: false });
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    for (const { configDir } of metas) {
      expect(tree(configDir)).toEqual([
        ".rsync-filter",
        "activate.sh",
        "configuration.nix",
        "current.nix",
        "flake.nix",
        "modules/",
        "modules/.rsync-filter",
        "modules/web.nix",
        "secret.key",
      ]);
      expect(readFileSync(join(configDir, "modules/web.nix"), "utf8")).toBe(
        readFileSync(join(source, "modules/web.nix"), "utf8"),
      );
      expect(mode(join(configDir, "activate.sh"))).toBe(0o755);
      expect(mode(join(configDir, "secret.key"))).toBe(0o600);
      expect(lstatSync(join(configDir, "current.nix")).isSymbolicLink()).toBe(true);
      expect(readlinkSync(join(configDir, "current.nix"))).toBe("modules/web.nix");
    }

    // The source loses a file and gains one; the host has a stray file of its own: both old files go.
    rmSync(join(source, "activate.sh"));
    writeFileSync(join(source, "added.nix"), "{ }\n");
    writeFileSync(join(metas[0]!.configDir, "stray.txt"), "only on the host\n");
    await deployNixos(fleet.hosts(metas), { source, excludes: ["*.bak"], summary: false });
    for (const { configDir } of metas) {
      expect(existsSync(join(configDir, "activate.sh"))).toBe(false);
      expect(existsSync(join(configDir, "stray.txt"))).toBe(false);
      expect(readFileSync(join(configDir, "added.nix"), "utf8")).toBe("{ }\n");
    }
    rmSync(join(source, "added.nix"));
    rmSync(join(source, "old.bak"));
    writeFileSync(join(source, "activate.sh"), "#!/bin/sh\necho hi\n", { mode: 0o755 });
  });

  it("runs nixos-rebuild on each host with the flags its meta asks for", async () => {
    const metas: NixosMeta[] = [
      { configDir: fleet.configDir(a) },
      { configDir: fleet.configDir(b, "custom") + "/", flakeAttr: "web-2" },
      { configDir: fleet.configDir(c), flakeAttr: "db", targetHost: "root@10.0.0.5" },
    ];
    // Another machine as target: the magic rollback would act on the host dk logs into, so it is off.
    const results = await deployNixos(fleet.hosts(metas), { source, summary: false, rollback: false });
    const base = ["--option", "accept-flake-config", "true", "--build-host", "localhost", "--target-host"];
    expect(fleet.argv(a)).toEqual(["switch", ...base, "localhost", "--flake", `${fleet.configDir(a)}#${a}`]);
    expect(fleet.argv(b)).toEqual(["switch", ...base, "localhost", "--flake", `${fleet.configDir(b, "custom")}#web-2`]);
    expect(fleet.argv(c)).toEqual(["switch", ...base, "root@10.0.0.5", "--flake", `${fleet.configDir(c)}#db`]);
    expect(results[1]!.result).toMatchObject({
      configDir: fleet.configDir(b, "custom"),
      rebuild: ["nixos-rebuild", ...fleet.argv(b)!],
    });
    expect(fleet.whoami(a)).toBe("user=root sudo=no");
    expect(fleet.sudoLog()).toBeUndefined();
  });

  it.each(["switch", "boot", "test", "build", "dry-activate"] satisfies NixosAction[])(
    "passes the action %s",
    async (action) => {
      const hosts = fleet.hosts([{ configDir: fleet.configDir(a), flakeAttr: "web" }]);
      await deployNixos(hosts, { source, action, summary: false });
      expect(fleet.argv(a)?.[0]).toBe(action);
      expect(fleet.argv(a)?.slice(1)).toContain(`${fleet.configDir(a)}#web`);
    },
  );

  it("appends extra arguments byte for byte", async () => {
    const extraArgs = ["--show-trace", "--option", "log-lines", 'it\'s a "test" $HOME'];
    await deployNixos(fleet.hosts([{ configDir: fleet.configDir(a) }]), { source, extraArgs, summary: false });
    expect(fleet.argv(a)?.slice(-4)).toEqual(extraArgs);
  });

  it("uses -I nixos-config=… instead of --flake when the source has only configuration.nix", async () => {
    const classic = makeSource(join(fleet.work, "classic"), "configuration.nix");
    await deployNixos(fleet.hosts([{ configDir: fleet.configDir(a, "classic") }]), {
      source: classic,
      action: "boot",
      summary: false,
    });
    expect(fleet.argv(a)).toEqual([
      "boot",
      "--build-host",
      "localhost",
      "--target-host",
      "localhost",
      "-I",
      `nixos-config=${fleet.configDir(a, "classic")}/configuration.nix`,
    ]);
    expect(existsSync(join(fleet.configDir(a, "classic"), "configuration.nix"))).toBe(true);
  });

  it("fails only the host whose nixos-rebuild fails, once all finished; why is in summary and GroupError", async () => {
    fleet.failOn(b);
    const metas = [a, b, c].map((address) => ({ configDir: fleet.configDir(address), flakeAttr: "web" }));
    const { error, stdout } = await withStdout(() => deployNixos(fleet.hosts(metas), { source }));
    expect(error).toBeInstanceOf(GroupError);
    const group = error as GroupError;
    expect(group.results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(group.failed.map((r) => r.host.hostname)).toEqual([b]);
    // Armed (switch), a rebuild that had changed the system would have rolled back: this one changed nothing.
    const why = `nixos-rebuild failed (exit code 1): error: stand-in failure on ${b}; the system did not change`;
    expect(group.message).toBe(`1 of 3 hosts failed:\n  ${b}: ${why}`);
    expect(group.failed[0]!.error).toBeInstanceOf(HostDeployError);
    expect(group.failed[0]!.error).toMatchObject({
      host: b,
      step: "nixos-rebuild",
      outcome: "failed",
      reason: why,
      // nixos-rebuild ran detached: its exit code came from the host's state, not from an ssh command.
      cause: { name: "DeployStop", step: "nixos-rebuild", outcome: "failed" },
    });
    expect(fleet.argv(a)).toBeDefined();
    expect(fleet.argv(c)).toBeDefined();
    const summary = stdout
      .slice(stdout.indexOf("\nhost "))
      .replace(/\d+\.\ds/g, "T")
      .replace(/ +/g, " ");
    expect(summary).toBe(
      `\nhost result duration\n${a} ok T confirmed\n${b} failed T ${why}\n${c} ok T confirmed\n` +
        "deploy-nixos switch on 3 hosts: 2 ok, 1 failed\n",
    );
    // Output is tagged per host as it streams.
    expect(stdout).toContain(`[${c}] stand-in nixos-rebuild: switch on ${c}`);
  });

  it("claims nothing of the system after a failed rebuild with no rollback armed: it may have changed it", async () => {
    fleet.failOn(b);
    const unarmed = fleet.hosts([{}, { configDir: fleet.configDir(b, "unarmed"), flakeAttr: "web" }]).slice(1);
    const { error } = await withStdout(() => deployNixos(unarmed, { source, rollback: false, summary: false }));
    expect((error as GroupError).failed[0]!.error).toMatchObject({
      outcome: "failed",
      reason: `nixos-rebuild failed (exit code 1): error: stand-in failure on ${b}`,
    });
  });

  it("reports a host it cannot reach at its first step, the lock, and runs nothing there", async () => {
    const closed = await freePort(a);
    const hosts = [
      new Host<NixosMeta>(a, {
        user: "root",
        port: closed,
        ...fleet.sandbox.hostOptions,
        commandPrefix: "unreachable",
        meta: { configDir: fleet.configDir(a) },
      }),
      ...fleet.hosts([{}, { configDir: fleet.configDir(b) }]).slice(1),
    ];
    const stderr = vi.spyOn(process.stderr, "write");
    let said = "";
    const error = await deployNixos(hosts, { source, summary: false })
      .catch((e: unknown) => e)
      .finally(() => ((said = stderr.mock.calls.map((call) => String(call[0])).join("")), stderr.mockRestore()));
    expect(error).toBeInstanceOf(GroupError);
    const failed = (error as GroupError).failed;
    expect(failed.map((r) => r.host.commandPrefix)).toEqual(["unreachable"]);
    // No lock was taken there, so none is left without its keeper.
    expect(said).not.toContain("no keeper");
    expect(failed[0]!.error).toMatchObject({ step: "lock", outcome: "failed" });
    expect((failed[0]!.error as HostDeployError).reason).toMatch(
      /^lock: ssh failed: ssh: connect to host 127\.0\.0\.2 port \d+: Connection refused: nothing accepts ssh /,
    );
    expect(fleet.argv(a)).toBeUndefined();
    expect(fleet.argv(b)).toBeDefined();
  });

  it("runs as dk task: hosts from --hosts, flags into each host's meta, args after -- to nixos-rebuild", async () => {
    const { port, key } = fleet.sandbox;
    // One config dir for both hosts, which share this filesystem: --limit 1 keeps their rsyncs apart.
    const configDir = join(fleet.sandbox.dir, "task", "nixos");
    const { stdout } = await withStdout(() =>
      deployNixosTask(
        {
          hosts: `root@${a}:${port}, root@${b}:${port}`,
          flakeAttr: "web",
          action: "dry-activate",
          targetHost: "admin@10.1.1.1",
          configDir,
          source,
          limit: 1,
          hostKeyCheck: "none",
          key,
        },
        ["--show-trace"],
      ),
    );
    for (const address of [a, b]) {
      expect(fleet.argv(address)).toEqual([
        "dry-activate",
        "--option",
        "accept-flake-config",
        "true",
        "--build-host",
        "localhost",
        "--target-host",
        "admin@10.1.1.1",
        "--flake",
        `${configDir}#web`,
        "--show-trace",
      ]);
    }
    expect(fleet.argv(c)).toBeUndefined();
    expect(existsSync(join(configDir, "flake.nix"))).toBe(true);
    expect(stdout).toContain("deploy-nixos dry-activate on 2 hosts: 2 ok, 0 failed\n");
    // With --limit 1 the second host starts only after the first finished.
    expect(stdout.indexOf(`[${b}] $ rsync`)).toBeGreaterThan(stdout.indexOf(`[${a}] stand-in nixos-rebuild`));
  });

  it("reaches hosts as ssh's default user (root, decided on host: no sudo); key path quoted in rsync -e", async () => {
    const keyDir = join(fleet.work, "keys with space");
    mkdirSync(keyDir, { recursive: true });
    const key = join(keyDir, `it's "my" key`);
    copyFileSync(fleet.sandbox.key, key);
    chmodSync(key, 0o600);
    const host = new Host<NixosMeta>(a, {
      port: fleet.sandbox.port,
      ...fleet.sandbox.hostOptions,
      key,
      meta: { configDir: fleet.configDir(a, "default-user") },
    });
    await deployNixos([host], { source, summary: false });
    expect(readFileSync(join(fleet.configDir(a, "default-user"), "flake.nix"), "utf8")).toContain("outputs");
    expect(fleet.whoami(a)).toBe("user=root sudo=no");
    expect(fleet.sudoLog()).toBeUndefined();
  });
});
