import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommandError, Host } from "@deploykit/core";
import { describe, expect, it } from "vitest";
import { failureReason } from "../../src/builtin/deploy-nixos/diagnose.ts";
import { planHost, type PlanInput } from "../../src/builtin/deploy-nixos/plan.ts";
import { rebuildArgv } from "../../src/builtin/deploy-nixos/rebuild-argv.ts";
import {
  fromStageArgv,
  rshCommand,
  rshQuote,
  rsyncArgv,
  rsyncDestination,
} from "../../src/builtin/deploy-nixos/rsync-argv.ts";
import type { NixosMeta } from "../../src/builtin/deploy-nixos/types.ts";

const input: PlanInput = {
  source: { dir: "/src/nixos", kind: "flake" },
  action: "switch",
  excludes: [],
  extraArgs: [],
};
const SSH_NONE = [
  "-o",
  "StrictHostKeyChecking=no",
  "-o",
  "UserKnownHostsFile=/dev/null",
  "-o",
  "GlobalKnownHostsFile=/dev/null",
  "-o",
  "LogLevel=ERROR",
];

describe("rsync's -e quoting", () => {
  it.each([
    ["ssh", "ssh"],
    ["-p", "-p"],
    ["/keys/it's a key", "'/keys/it''s a key'"],
    ['say "hi"', "'say \"hi\"'"],
    ["", "''"],
    ["back\\slash", "'back\\slash'"],
  ])("%j → %s", (word, quoted) => expect(rshQuote(word)).toBe(quoted));

  it("is read back word for word by the real rsync", () => {
    const dir = mkdtempSync(join(tmpdir(), "dk-rsh-"));
    try {
      const words = [
        "a b",
        "it's",
        'dq"in',
        "''",
        "back\\slash\\",
        "tab\there",
        "$HOME `x` ; | &",
        "ünï",
        "-o",
        "ProxyCommand=ssh -W %h:%p bastion",
      ];
      const printArgs = join(import.meta.dirname, "fixtures", "bin", "print-args");
      const out = join(dir, "args");
      const e = [printArgs, ...words].map(rshQuote).join(" ");
      spawnSync("rsync", ["-e", e, `${dir}/`, "somehost:/nowhere/"], {
        env: { ...process.env, PRINT_ARGS_TO: out },
        timeout: 10_000,
      });
      const got = readFileSync(out, "utf8").split("\0");
      expect(got.slice(0, words.length)).toEqual(words);
      expect(got[words.length]).toBe("somehost");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses NUL, which no argv can carry", () => expect(() => rshQuote("a\0b")).toThrow(TypeError));
});

describe("rsyncArgv", () => {
  it("puts the host's ssh options in -e, and the user in the destination", () => {
    const host = new Host("web1.example.com", { user: "root" });
    const sshArgs = ["-o", "ProxyJump=bastion", "-p", "2222", "-i", "/k/id", ...SSH_NONE, "-l", "root"];
    expect(rsyncArgv(host, "/src/nixos/", "/etc/nixos", ["*.bak", ".git"], sshArgs)).toEqual([
      "rsync",
      "-vaF",
      "--delete",
      "--mkpath",
      "--filter=- *.bak",
      "--filter=- .git",
      "-e",
      `ssh -o ProxyJump=bastion -p 2222 -i /k/id ${SSH_NONE.join(" ")} -l root`,
      "/src/nixos/",
      "root@web1.example.com:/etc/nixos/",
    ]);
  });

  it("gets port, key, host-key policy, extra options and user from host.sshArgs(), as deployNixos does", async () => {
    const host = new Host("web1.example.com", {
      user: "root",
      port: 2222,
      key: "/k/id",
      hostKeyCheck: "none",
      sshOptions: ["-o", "ProxyJump=bastion"],
      reuseConnection: false,
    });
    const e = rshCommand(await host.sshArgs());
    expect(e).toMatch(new RegExp(`^ssh -o ProxyJump=bastion -p 2222 -i /k/id ${SSH_NONE.join(" ")} -l root( |$)`));
  });

  it("brackets IPv6 addresses in the destination and never puts the port there", () => {
    const host = new Host("::1", { user: "root", port: 22 });
    expect(rsyncDestination(host, "/etc/nixos")).toBe("root@[::1]:/etc/nixos/");
    expect(rsyncArgv(host, "/s", "/etc/nixos", [], ["-p", "22"]).at(-1)).toBe("root@[::1]:/etc/nixos/");
  });

  it("runs the receiving rsync via sudo -n for a non-root user; decides on the host when ssh picks the user", () => {
    expect(rsyncArgv(new Host("h", { user: "deploy" }), "/s", "/etc/nixos", [], [])).toContain(
      "--rsync-path=sudo -n rsync",
    );
    expect(
      rsyncArgv(new Host("h", { user: "root" }), "/s", "/etc/nixos", [], []).some((a) => a.startsWith("--rsync-path")),
    ).toBe(false);
    const decided = rsyncArgv(new Host("h"), "/s", "/etc/nixos", [], []).find((a) => a.startsWith("--rsync-path="));
    expect(decided).toBe(
      `--rsync-path=sh -c 'if [ "$(id -u)" = 0 ]; then exec rsync "$@"; else exec sudo -n rsync "$@"; fi' rsync`,
    );
    expect(rsyncDestination(new Host("h"), "/etc/nixos")).toBe("h:/etc/nixos/");
  });

  it("bounds both copies by rsync's own --timeout when given: no data for that long ends them", () => {
    expect(rsyncArgv(new Host("h", { user: "root" }), "/s", "/etc/nixos", [], [], { idleS: 60 })).toContain(
      "--timeout=60",
    );
    expect(fromStageArgv("/tmp/tmp.X", "/etc/nixos", [], 60)).toContain("--timeout=60");
  });

  it("stages as the login user, then mirrors the staged copy as root with the same filters, root's files", () => {
    const staged = rsyncArgv(new Host("h", { user: "deploy" }), "/s", "/tmp/tmp.X", ["*.bak"], [], {
      asLoginUser: true,
    });
    expect(staged.some((a) => a.startsWith("--rsync-path"))).toBe(false);
    expect(staged.at(-1)).toBe("deploy@h:/tmp/tmp.X/");
    expect(fromStageArgv("/tmp/tmp.X/", "/etc/nixos", ["*.bak"])).toEqual([
      "rsync",
      "-vaF",
      "--no-owner",
      "--no-group",
      "--delete",
      "--mkpath",
      "--filter=- *.bak",
      "/tmp/tmp.X/",
      "/etc/nixos/",
    ]);
  });
});

describe("the nixos-rebuild command", () => {
  const plan = (meta: NixosMeta, over: Partial<PlanInput> = {}) =>
    planHost(new Host("web1", { user: "root", meta }), { ...input, ...over }).rebuild;
  const flags = (target: string, flake: string) => [
    "--option",
    "accept-flake-config",
    "true",
    "--build-host",
    "localhost",
    "--target-host",
    target,
    "--flake",
    flake,
  ];

  it.each<[string, NixosMeta, string[]]>([
    [
      "defaults: /etc/nixos, the hostname as attribute, the host itself as target",
      {},
      flags("localhost", "/etc/nixos#web1"),
    ],
    ["flakeAttr", { flakeAttr: "web" }, flags("localhost", "/etc/nixos#web")],
    ["targetHost", { targetHost: "root@10.0.0.5" }, flags("root@10.0.0.5", "/etc/nixos#web1")],
    ["configDir (trailing slash dropped)", { configDir: "/var/lib/nixos/" }, flags("localhost", "/var/lib/nixos#web1")],
    [
      "all three",
      { configDir: "/srv/cfg", flakeAttr: "db.example.com", targetHost: "[::1]" },
      flags("[::1]", "/srv/cfg#db.example.com"),
    ],
  ])("%s", (_name, meta, expected) => expect(plan(meta)).toEqual(["nixos-rebuild", "switch", ...expected]));

  it("points -I nixos-config at configuration.nix when there is no flake, and appends extra arguments", () => {
    expect(
      plan(
        { configDir: "/etc/nixos" },
        { source: { dir: "/s", kind: "configuration.nix" }, action: "boot", extraArgs: ["--show-trace"] },
      ),
    ).toEqual([
      "nixos-rebuild",
      "boot",
      "--build-host",
      "localhost",
      "--target-host",
      "localhost",
      "-I",
      "nixos-config=/etc/nixos/configuration.nix",
      "--show-trace",
    ]);
    expect(
      rebuildArgv("test", { kind: "flake", configDir: "/c", flakeAttr: "a", targetHost: "localhost" }, [])[1],
    ).toBe("test");
  });
});

describe("failure reasons", () => {
  const commandError = (exitCode: number, tail: string[], extra = {}) =>
    new CommandError({ command: "x", exitCode, stdout: "", stderr: "", durationMs: 0 }, { tail, ...extra });

  it.each<[string, unknown, string]>([
    [
      "the last line",
      commandError(1, ["building…", "error: attribute 'web' missing", ""]),
      "nixos-rebuild failed (exit code 1): error: attribute 'web' missing",
    ],
    ["no output", commandError(2, []), "nixos-rebuild failed (exit code 2)"],
    [
      "no sudo",
      commandError(127, ["bash: line 1: sudo: command not found"]),
      "nixos-rebuild failed (exit code 127): sudo is not installed on the host; log in as root, or install sudo",
    ],
    [
      "a password",
      commandError(1, ["sudo: a password is required"]),
      "nixos-rebuild failed (exit code 1): sudo wants a password; give it (dk --ask-sudo-password, or " +
        "setSudoPassword() in a script), give the user passwordless sudo " +
        "(NixOS: security.sudo.wheelNeedsPassword = false), or log in as root",
    ],
    [
      "a wrong password",
      commandError(1, ["sudo: 1 incorrect password attempt"]),
      "nixos-rebuild failed (exit code 1): sudo refused the password given (dk --ask-sudo-password, " +
        "setSudoPassword()); check it",
    ],
    [
      "not NixOS",
      commandError(127, ["bash: line 1: nixos-rebuild: command not found"]),
      "nixos-rebuild failed (exit code 127): nixos-rebuild is not on the host's PATH; is the host running NixOS?",
    ],
    [
      "ssh",
      commandError(255, [], { ssh: { line: "Connection refused", hint: "nothing accepts ssh connections" } }),
      "nixos-rebuild: ssh failed: Connection refused: nothing accepts ssh connections",
    ],
    ["a timeout", commandError(143, [], { timedOut: true }), "nixos-rebuild timed out"],
    ["anything else", new Error("boom"), "nixos-rebuild failed: boom"],
  ])("%s", (_name, error, reason) => expect(failureReason("nixos-rebuild", error)).toBe(reason));

  it.each<[string, string[], string]>([
    [
      "rsync missing on the host",
      [
        "bash: line 1: rsync: command not found",
        "rsync: connection unexpectedly closed (0 bytes received so far) [sender]",
        "rsync error: error in rsync protocol data stream (code 12) at io.c(232) [sender=3.2.7]",
      ],
      "rsync failed (exit code 12): rsync is not installed on the host; " +
        "install it there (NixOS: environment.systemPackages = [ pkgs.rsync ])",
    ],
    [
      "ssh refused",
      [
        "ssh: connect to host 10.0.0.1 port 22: Connection refused",
        "rsync: connection unexpectedly closed (0 bytes received so far) [sender]",
        "rsync error: unexplained error (code 255) at io.c(232) [sender=3.2.7]",
      ],
      "rsync failed (exit code 255): ssh: connect to host 10.0.0.1 port 22: Connection refused",
    ],
    [
      "rsync's own line rather than its exit line",
      [
        'rsync: [Receiver] mkdir "/x/y" failed: Permission denied (13)',
        "rsync error: error in file IO (code 11) at main.c(808) [Receiver=3.5.0]",
      ],
      'rsync failed (exit code 11): rsync: [Receiver] mkdir "/x/y" failed: Permission denied (13)',
    ],
  ])("rsync: %s", (_name, tail, reason) =>
    expect(failureReason("rsync", commandError(Number(/code (\d+)/.exec(tail.at(-1)!)![1]), tail))).toBe(reason),
  );
});
