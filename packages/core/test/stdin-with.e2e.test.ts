// Scoped defaults (`with`) and standard input (`input`) on real sshd hosts, over each transport.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { useFleet } from "./helpers/fleet.ts";
import { marker, waitGone } from "./helpers/processes.ts";

const fleet = useFleet({ hosts: 2 });
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("host.with and group.with", () => {
  it("compose: a relative cwd joins the outer one, env merges, prefixes chain; a call's options win", async () => {
    const host = fleet.group().hosts[0]!;
    const outer = host.with({ cwd: "/usr", env: { X: "outer", Y: "y" }, prefix: "P=1 &&", ...pipe });
    const inner = outer.with({ cwd: "share", env: { X: "inner" }, prefix: 'export Q="$P"2' });
    const line = 'echo "$(pwd) $X $Y $Q"';
    expect((await inner.run(line)).stdout).toBe("/usr/share inner y 12\n");
    expect((await inner.run(line, { cwd: "/etc", env: { Y: "call" } })).stdout).toBe("/etc inner call 12\n");
    expect((await inner.run(["printf", "[%s]", "a b", "$Q"])).stdout).toBe("[a b][$Q]");
    expect((await outer.run('echo "$(pwd) $X ${Q-unset}"')).stdout).toBe("/usr outer unset\n");
    expect((await host.run("echo ${X-unset}", pipe)).stdout).toBe("unset\n");
    expect(host.defaults).toEqual({});
  });

  it("sets timeout and check, and the prefix guards the command", async () => {
    const lenient = fleet.group().hosts[0]!.with({ check: false, ...pipe });
    expect((await lenient.run("exit 4")).exitCode).toBe(4);
    const guarded = await lenient.with({ prefix: "test -d /nonexistent" }).run("echo ran; echo again");
    expect([guarded.exitCode, guarded.stdout]).toEqual([1, ""]);
    const slow = lenient.with({ timeout: 500 }).run("sleep 30");
    await expect(slow).rejects.toMatchObject({ timedOut: true });
  });

  it("gives a group's hosts the defaults: run, hosts, runFunction, select and filter all see them", async () => {
    const group = fleet.group().with({ cwd: "/tmp", env: { W: "w" }, ...pipe });
    const line = 'echo "$(pwd) $W"';
    expect((await group.run(line)).map((r) => r.result.stdout)).toEqual(["/tmp w\n", "/tmp w\n"]);
    expect((await group.hosts[1]!.run(line)).stdout).toBe("/tmp w\n");
    const viaFunction = await group.runFunction(async (h) => (await h.with({ cwd: "x/.." }).run(line)).stdout);
    expect(viaFunction.map((r) => r.result)).toEqual(["/tmp w\n", "/tmp w\n"]);
    const picked = group.select(fleet.sandbox.addresses[1]!).filter(() => true);
    expect((await picked.run(line)).map((r) => r.result.stdout)).toEqual(["/tmp w\n"]);
    expect((await fleet.group().run("pwd", pipe))[0]!.result.stdout).not.toBe("/tmp\n");
  });
});

describe("input over ssh", () => {
  it("a string reaches the command, whose stdin then ends", async () => {
    const r = await fleet.group().hosts[0]!.run("cat; echo end", { input: "hello\nworld", ...pipe });
    expect(r.stdout).toBe("hello\nworldend\n");
  });

  it("a Buffer arrives byte for byte: every byte value, NUL, lines that look like frame lengths", async () => {
    const bytes = Buffer.concat([Buffer.from("0\n12\n\n"), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);
    const r = await fleet.group().hosts[0]!.run(["cat"], { input: bytes, ...pipe, encoding: "buffer" });
    expect(r.stdout.equals(bytes)).toBe(true);
  });

  it("a stream of 2 MB arrives exact, at the command's pace", async () => {
    const bytes = randomBytes(2_000_000);
    const chunks = Array.from({ length: 50 }, (_, i) => bytes.subarray(i * 40_000, (i + 1) * 40_000));
    const r = await fleet.group().hosts[0]!.run("sha256sum | cut -d' ' -f1", { input: Readable.from(chunks), ...pipe });
    expect(r.stdout.trim()).toBe(sha(bytes));
  });

  it("the same string or Buffer goes to every host of a group", async () => {
    const results = await fleet.group().run("tr a-z A-Z", { input: Buffer.from("shout\n"), ...pipe });
    expect(results.map((r) => r.result.stdout)).toEqual(["SHOUT\n", "SHOUT\n"]);
  });

  it("ends when the command never reads its input", async () => {
    const endless = new Readable({
      read() {
        this.push(Buffer.alloc(65_536));
      },
    });
    expect((await fleet.group().hosts[0]!.run("echo done", { input: endless, ...pipe })).stdout).toBe("done\n");
  });

  it("a stream that fails before the command starts fails the run, and the command never runs", async () => {
    const input = createReadStream("/nonexistent/dk-input.sql");
    const error = await fleet
      .group()
      .hosts[0]!.run("echo started; cat", { input, ...pipe })
      .catch((e) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ stdout: "", host: fleet.group().hosts[0]!.commandPrefix });
    expect(error.message).toMatch(/did not get all of its input, the stream failed: ENOENT: .*dk-input\.sql'$/);
  });

  it("a stream failing midway stops the remote command, and the run says why", async () => {
    const tag = marker("input-fails");
    let sent = false;
    const failing = new Readable({
      read() {
        if (!sent) return void ((sent = true), this.push("abc\n"));
        setTimeout(() => this.destroy(new Error("disk gone")), 300);
      },
    });
    const host = fleet.group().hosts[0]!;
    const error = await host.run(`cat; sleep 60; : ${tag}`, { input: failing, check: false, ...pipe }).catch((e) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error.message).toMatch(/`cat; sleep 60; .*` did not get all of its input, the stream failed: disk gone$/);
    expect(await waitGone(tag)).toEqual([]);
  });

  it("still stops the remote command at a timeout, after the input ended", async () => {
    const tag = marker("input-timeout");
    const run = fleet.group().hosts[0]!.run(`cat; sleep 60; : ${tag}`, { input: "x", timeout: 1000, ...pipe });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ timedOut: true, stdout: "x" });
    expect(await waitGone(tag)).toEqual([]);
  });
});
