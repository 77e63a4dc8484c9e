import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Manifest } from "../src/types.ts";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { fixture, tempDir } from "./helpers/paths.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

describe("built-in tasks", () => {
  it("come from the build-time manifest without the compiler, then from a stamped copy in the user cache", async () => {
    const cache = tempDir("dk-cache-");
    const result = await dk(["--debug", "--list"], { cwd: "/", cache });
    expect(result.stderr).toContain("dk: built-ins: build-time manifest\n");
    expect(result.stdout).toMatch(/\n {2}reboot {8}\S/);
    const copy = join(
      cache,
      readdirSync(cache).find((name) => name.endsWith(".json"))!,
    );
    const inputs = (JSON.parse(readFileSync(copy, "utf8")) as Manifest).inputs;
    expect(inputs.some((input) => input.path.endsWith("reboot/api.ts"))).toBe(true);
    // Sources untouched for the last two seconds: the copy need not read them to stay valid.
    expect(inputs.filter((input) => input.stamp !== undefined).length).toBeGreaterThan(inputs.length / 2);
    const again = await dk(["--debug", "--list"], { cwd: "/", cache });
    expect(again.stderr).toContain(`dk: cache hit: ${copy}\n`);
    expect(again.stderr).not.toContain("build-time manifest");
    expect(again.stdout).toBe(result.stdout);
  });

  it("have typed flags like user tasks", async () => {
    const help = (await dk(["reboot", "--help"], { cwd: "/" })).stdout;
    expect(help).toMatch(
      new RegExp(
        /^Usage: dk reboot --hosts <string> \[--user <string>\] \[--timeout <number>\] \[--limit <number>\] /.source +
          /\[--host-key-check <strict\|tofu\|none>\] \[--key <string>\]\n/.source,
      ),
    );
    const bad = await dk(["deploy-nixos", "--hosts", "h", "--action", "swtich"], { cwd: "/" });
    expect(bad).toMatchObject({ code: 2 });
    expect(bad.stderr).toMatch(
      /^dk: --action must be one of switch, boot, test, build, dry-activate; got "swtich" \(did you mean switch\?\)\n/,
    );
  });

  it("take a flag's value the built-in rejects as bad usage of that flag: exit 2, nothing run, no JSON", async () => {
    const timeout = await dk(["reboot", "--hosts", "h", "--timeout", "-5"], { cwd: "/" });
    expect(timeout).toMatchObject({ code: 2, stdout: "" });
    expect(timeout.stderr).toBe(
      "dk: --timeout expects a number of seconds from 1 to 86400 (seconds, not milliseconds), got -5\n" +
        "Usage: dk reboot --hosts <string> [--user <string>] [--timeout <number>] [--limit <number>] " +
        "[--host-key-check <strict|tofu|none>] [--key <string>]  (more: dk reboot --help)\n",
    );
    const batch = await dk(["--json", "deploy-nixos", "--hosts", "h", "--batch", "zz"], { cwd: "/" });
    expect(batch).toMatchObject({ code: 2, stdout: "" });
    expect(batch.stderr).toMatch(
      /^dk: --max-failures|^dk: --batch expects a positive whole number of hosts, .*got "zz"\n/,
    );
    // Options parseHosts checks (reboot's --user is its defaultUser) are bad usage of their flag, too.
    const badUser = await dk(["reboot", "--hosts", "h", "--user", "a b"], { cwd: "/" });
    expect(badUser).toMatchObject({ code: 2, stdout: "" });
    expect(badUser.stderr).toMatch(
      /^dk: --user expects a user name \(letters, .*got `a b` \(string\)\nUsage: dk reboot /,
    );
    for (const task of ["reboot", "deploy-nixos"]) {
      const badKey = await dk([task, "--hosts", "h", "--key", ""], { cwd: "/" });
      expect(badKey).toMatchObject({ code: 2, stdout: "" });
      expect(badKey.stderr).toMatch(/^dk: --key expects the path of a private key file, got `` \(string\)\nUsage: /);
    }
    // The same value from a user's task is the task's own mistake: exit 1, with where it was made.
    const user = await dk(["-f", fixture("reboot-bad-timeout"), "again"]);
    expect(user.code).toBe(1);
    expect(user.stderr).toMatch(/^dk: task "again" failed: TypeError: Expected `timeout` to be a number of seconds/);
  });

  it.each([
    [
      ["--canary", "c.invalid"],
      '--canary expects one of the hosts being deployed (a.invalid, b.invalid), got "c.invalid"',
    ],
    [["--limit", "0"], "--limit expects a positive integer (hosts at once; all when left out), got 0"],
    // The command line has no Infinity: what the message offers instead is to leave the flag out.
    [
      ["--max-failures", "0"],
      "--max-failures expects a positive whole number of failed hosts (no limit when left out)",
    ],
    [["--config-dir", "etc/nixos"], "--config-dir expects an absolute directory without `.`/`..` parts, "],
    [["--flake-attr", "a b"], "--flake-attr expects a nixosConfigurations attribute name "],
    [["--target-host", "a b"], "--target-host expects `[user@]host` "],
    [["--source", ""], '--source expects a directory path, got ""'],
    [
      ["--reboot"],
      "--reboot: only with --action boot (it reboots into the system boot made the default), got --action switch",
    ],
    [
      ["--health-timeout", "0"],
      "--health-timeout expects a number of seconds from 1 to 86400 (seconds, not milliseconds), got 0\n",
    ],
    [
      ["--action", "boot", "--reboot", "--reboot-timeout", "600000"],
      "--reboot-timeout expects a number of seconds from 1 to 86400 (seconds, not milliseconds), got 600000\n",
    ],
    [["--reboot-timeout", "soon"], '--reboot-timeout expects a number (as 42, -1.5, .5, 1e3 or 0x1f), got "soon"\n'],
  ])("deploy-nixos %j is bad usage of that flag: exit 2 before anything is read or sent", async (flag, message) => {
    const result = await dk(["deploy-nixos", "--hosts", "a.invalid,b.invalid", ...flag], { cwd: "/" });
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr.startsWith(`dk: ${message}`), result.stderr).toBe(true);
    expect(result.stderr).toMatch(/\nUsage: dk deploy-nixos --hosts /);
  });

  it("deploy-nixos --reboot-timeout reaches the reboot (the dry run waits so long); --help shows both", async () => {
    const source = tempDir("dk-flake-");
    writeFileSync(join(source, "flake.nix"), "{ }\n");
    const flags = ["--hosts", "a.invalid", "--source", source, "--action", "boot", "--reboot"];
    const timeouts = ["--reboot-timeout", "42", "--health-timeout", "7"];
    const result = await dk(["--dry-run", "deploy-nixos", ...flags, ...timeouts], { cwd: "/" });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("[a.invalid] reboot: would reboot it and check that it then runs the new system");
    expect(result.stdout).toContain("waiting up to 42 s (dry run)");
    const help = (await dk(["deploy-nixos", "--help"], { cwd: "/" })).stdout;
    expect(help).toMatch(/^ {2}--health-timeout <number> +seconds the health check .* \(default: 60\)/m);
    expect(help).toMatch(/^ {2}--reboot-timeout <number> +seconds each host may take to reboot .* \(default: 600\)/m);
  });

  it("deploy-nixos --config-dir with a trailing slash is the same directory, as in meta.configDir", async () => {
    const source = tempDir("dk-flake-");
    writeFileSync(join(source, "flake.nix"), "{ }\n");
    const flags = ["--hosts", "a.invalid", "--config-dir", "/var/lib/nixos/", "--source", source];
    const result = await dk(["--dry-run", "deploy-nixos", ...flags], { cwd: "/" });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("a.invalid:/var/lib/nixos/");
    expect(result.stdout).toContain("--flake /var/lib/nixos#a.invalid");
  });

  it("are replaced by a user task of the same name, which keeps the user's place in the list", async () => {
    const file = fixture("override");
    const list = (await dk(["-f", file])).stdout;
    expect(list).toContain("Tasks in ");
    expect(list).toMatch(/:\n  reboot  My own reboot.\n  status  Something else.\n\nBuilt-in tasks:\n  deploy-nixos  /);
    const run = await dk(["-f", file, "reboot", "--hosts", "h1"]);
    expect(run).toMatchObject({ code: 0, stdout: "user reboot of h1\n" });
  });

  it("run from the package's source through tsx; a bad host entry is bad usage of --hosts", async () => {
    // A host that is no host name: the task rejects it before connecting anywhere.
    const result = await dk(["reboot", "--hosts", "ok,a b"], { cwd: "/" });
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toMatch(/^dk: --hosts: Invalid host entry `a b`: it holds whitespace; separate hosts with /);
    expect(result.stderr).toMatch(/ \(`a,b`\)\. .*\nUsage: dk reboot /);
    const port = await dk(["deploy-nixos", "--hosts", "root@h:x"], { cwd: "/" });
    expect(port).toMatchObject({ code: 2, stdout: "" });
    expect(port.stderr).toMatch(/^dk: --hosts: Invalid host entry `root@h:x`: port `x` is not a number\./);
    // An empty host list never reaches it: the task requires hosts.
    const empty = await dk(["reboot", "--hosts", ""], { cwd: "/" });
    expect(empty).toMatchObject({ code: 2, stdout: "" });
    expect(empty.stderr).toMatch(/^dk: --hosts of "reboot" names no host \(""\); give at least one\n/);
  });

  it("fail with their own words and no location in dk's sources, which is none of the user's", async () => {
    // No --source: the directory dk runs in (no tasks.ts) is what the deployment finds no configuration in.
    const result = await dk(["deploy-nixos", "--hosts", "127.0.0.1"], { cwd: "/" });
    expect(result).toMatchObject({ code: 1 });
    expect(result.stderr).toBe(
      'dk: task "deploy-nixos" failed: DeployNixosError: / holds neither flake.nix nor configuration.nix, so it is ' +
        "not a NixOS configuration; deploy the directory that has one (the source option, or where tasks.ts is)\n" +
        "(run with --debug for the stack trace)\n",
    );
  });
});
