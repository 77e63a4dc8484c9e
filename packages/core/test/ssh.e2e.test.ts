import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { GroupError } from "../src/group-error.ts";
import type { Host } from "../src/host.ts";
import type { CommandResult } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";
import { marker, waitGone } from "./helpers/processes.ts";

const fleet = useFleet({ hosts: 3 });
const pipe = { stdout: "pipe", stderr: "pipe" } as const;

describe("over ssh (deploykit's cases)", () => {
  it("runs a command and captures its output", async () => {
    const [r] = await fleet.group().run("echo hello", pipe);
    expect(r!.result.stdout).toBe("hello\n");
  });

  it("passes environment variables, to shell and argv commands alike", async () => {
    const [p1] = await fleet.group().run("echo $env_var", { env: { env_var: "true" }, ...pipe });
    expect(p1!.result.stdout).toBe("true\n");
    const [p2] = await fleet.group().run(["env"], { env: { env_var: "true" }, ...pipe });
    expect(p2!.result.stdout).toContain("env_var=true\n");
  });

  it("holds a command's set -e, its first command on a host as its later ones", async () => {
    const host = fleet.group().hosts[0]!;
    for (let i = 0; i < 3; i++) {
      const r = await host.run("set -e\necho a\nfalse\necho b", { ...pipe, check: false });
      expect(r).toMatchObject({ exitCode: 1, stdout: "a\n", stderr: "" });
    }
  });

  it("runs an argv without a shell", async () => {
    const [r] = await fleet.group().run(["echo", "$hello"], pipe);
    expect(r!.result.stdout).toBe("$hello\n");
  });

  it("runs a function per host", async () => {
    const results = await fleet
      .group()
      .runFunction(async (h) => (await h.run("echo hello", pipe)).stdout === "hello\n");
    expect(results.map((r) => r.result)).toEqual([true, true, true]);
  });

  it("times out", async () => {
    await expect(fleet.group().run("sleep 10", { timeout: 10 })).rejects.toThrow(GroupError);
  });

  it("returns failed results with check: false and throws without", async () => {
    const results = await fleet.group().run("exit 1", { check: false });
    expect(results.map((r) => r.result.exitCode)).toEqual([1, 1, 1]);
    await expect(fleet.group().run("exit 1")).rejects.toThrow(GroupError);
  });

  it("fails the function of a host whose local command fails", async () => {
    await expect(fleet.group().runFunction((h: Host) => h.runLocal("exit 1"))).rejects.toThrow(GroupError);
  });
});

describe("over ssh (deploykit's bugs, fixed)", () => {
  it("delivers env values with spaces and quotes unquoted, byte for byte", async () => {
    const value = "a b 'c' \"d\" $e `f` \\g\nh ünï ✓";
    const [r] = await fleet.group().run(["printenv", "X"], { env: { X: value }, ...pipe });
    expect(r!.result.stdout).toBe(`${value}\n`);
  });

  it("uses cwd as the remote working directory", async () => {
    const remoteDir = join(fleet.sandbox.home, "work dir");
    await fleet.group().hosts[0]!.run(["mkdir", "-p", remoteDir]);
    const [r] = await fleet.group().run("pwd", { cwd: remoteDir, ...pipe });
    expect(r!.result.stdout).toBe(`${remoteDir}\n`);
    const [home] = await fleet.group().run("pwd", pipe);
    expect(home!.result.stdout).not.toBe(`${process.cwd()}\n`);
    await expect(fleet.group().hosts[0]!.run("pwd", { cwd: "/nonexistent-dir" })).rejects.toThrow(CommandError);
  });

  it("stops the remote command at the deadline while it is printing, and leaves nothing behind", async () => {
    const tag = marker("remote-timeout");
    const started = Date.now();
    const error = await fleet
      .group()
      .hosts[0]!.run(`while :; do echo tick; sleep 0.05; done; : ${tag}`, { timeout: 1000, ...pipe })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ timedOut: true, host: fleet.group().hosts[0]!.commandPrefix });
    expect(Date.now() - started).toBeLessThan(6000);
    expect(await waitGone(tag)).toEqual([]);
  });

  it("stops the remote command on abort", async () => {
    const tag = marker("remote-abort");
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 500);
    await expect(fleet.group().run(`sleep 60; : ${tag}`, { signal: controller.signal })).rejects.toThrow(
      /was interrupted/,
    );
    expect(await waitGone(tag)).toEqual([]);
  });
});

describe("groups", () => {
  it("runs every host at once (each waits at a barrier that needs all three)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dk-barrier-"));
    // Builtins only while waiting (a glob counts, `read -t` on a private fifo sleeps): no fork per round.
    const barrier =
      `touch ${dir}/$RANDOM$RANDOM; w=$(mktemp -u); mkfifo "$w"; exec 9<>"$w"; rm "$w"; shopt -s nullglob;` +
      ` for i in {1..100}; do n=(${dir}/*); [ \${#n[@]} -ge 3 ] && exit 0; read -t 0.05 -u 9; done; exit 1`;
    const results = await fleet.group().run(barrier);
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it("keeps at most `concurrency` hosts in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    await fleet.group().runFunction(
      async (h) => {
        peak = Math.max(peak, ++inFlight);
        await h.run("sleep 0.2");
        inFlight--;
      },
      { concurrency: 2 },
    );
    expect(peak).toBe(2);
  });

  it("returns results in host order, whatever order they finish in", async () => {
    const results = await fleet.group().runFunction(async (h) => {
      const delay = 0.4 - 0.15 * fleet.group().hosts.findIndex((x) => x.hostname === h.hostname);
      return (await h.run(`sleep ${delay}; echo ${h.hostname}`, pipe)).stdout.trim();
    });
    expect(results.map((r) => r.result)).toEqual(fleet.sandbox.addresses);
  });

  it("throws GroupError only after every host finished, naming each failed host and why", async () => {
    const g = fleet.group();
    const failing = g.hosts[1]!.hostname;
    const command =
      `if [ "$SSH_CONNECTION" != "\${SSH_CONNECTION%${failing} *}" ]; then echo disk full >&2; exit 3; fi; ` +
      "sleep 0.5; echo done";
    const error = await g.run(command, pipe).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GroupError);
    const ge = error as GroupError<CommandResult>;
    expect(ge.message).toBe(
      `1 of 3 hosts failed:\n  ${failing}: \`${command.slice(0, 60)}…\` failed with exit code 3: disk full`,
    );
    expect(ge.results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(ge.results[0]!.result.stdout).toBe("done\n");
    expect(() => ge.results[1]!.result).toThrow(CommandError);
    expect(ge.errors).toHaveLength(1);
  });

  it("filters hosts", () => {
    const g = fleet.group().filter((h) => h.hostname !== fleet.sandbox.addresses[0]);
    expect(g.hosts.map((h) => h.hostname)).toEqual(fleet.sandbox.addresses.slice(1));
  });

  it("rejects bad input once, before anything runs", async () => {
    await expect(fleet.group().run("true", { concurrency: 0 })).rejects.toThrow(/concurrency/);
    await expect(fleet.group().run("")).rejects.toThrow(/command/);
  });
});
