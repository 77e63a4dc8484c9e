import { fileURLToPath } from "node:url";
import { mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { setPrinter } from "../src/output/printer.ts";
import { run } from "../src/run.ts";
import type { RunOptions } from "../src/types.ts";
import { marker, waitGone } from "./helpers/processes.ts";
import { rejection } from "./helpers/rejection.ts";

const pipe = { stdout: "pipe", stderr: "pipe" } as const;

describe("run (local)", () => {
  it("returns the result of a string command run through bash", async () => {
    const r = await run("echo hello; echo ${BASH_VERSION:+bash} >&2", pipe);
    expect(r).toMatchObject({
      command: "echo hello; echo ${BASH_VERSION:+bash} >&2",
      exitCode: 0,
      stdout: "hello\n",
      stderr: "bash\n",
    });
  });

  it("measures how long the command ran", async () => {
    const r = await run("sleep 0.3", pipe);
    expect(r.durationMs).toBeGreaterThanOrEqual(300);
    expect(r.durationMs).toBeLessThan(30_000);
  });

  it("runs an array without a shell", async () => {
    const r = await run(["printf", "%s|", "$hello", "a b", ""], pipe);
    expect(r.stdout).toBe("$hello|a b||");
    expect(r.command).toBe("printf '%s|' '$hello' 'a b' ''");
  });

  it("throws CommandError with the result's fields on a non-zero exit", async () => {
    const error = await run("echo out; echo err >&2; exit 3", pipe).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ exitCode: 3, stdout: "out\n", stderr: "err\n", timedOut: false, host: undefined });
    expect((error as Error).message).toBe("`echo out; echo err >&2; exit 3` failed with exit code 3: err");
  });

  it("names the last stderr line as a terminal left it, when it was a progress line redrawn with \\r", async () => {
    const error = await run("printf '10%%\\r50%%\\rout of space\\n' >&2; exit 1", pipe).catch((e: unknown) => e);
    expect((error as CommandError).reason).toMatch(/ failed with exit code 1: out of space$/);
    expect((error as CommandError).stderr).toBe("10%\r50%\rout of space\n");
  });

  it("returns the failed result with check: false", async () => {
    expect((await run("exit 1", { check: false, ...pipe })).exitCode).toBe(1);
  });

  it("passes env values byte for byte and keeps the rest of the environment", async () => {
    const value = "a b 'c' \"d\" $e `f` \\g\nh ünï ✓";
    const r = await run(["bash", "-c", 'printf %s "$X"; printf "|%s" "$PATH"'], { env: { X: value }, ...pipe });
    expect(r.stdout).toBe(`${value}|${process.env.PATH}`);
  });

  it("runs a string command with a PATH in env that has no bash: the PATH is the command's, bash is dk's", async () => {
    const tools = mkdtempSync(join(tmpdir(), "dk-path-"));
    const r = await run('printf %s "$PATH"; command -v bash || echo no-bash', { env: { PATH: tools }, ...pipe });
    expect(r.stdout).toBe(`${tools}no-bash\n`);
    // An argv's program is looked up on that PATH, as env(1) does it.
    const error = await run(["true"], { env: { PATH: tools }, ...pipe }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `\`true\` could not start: no program named true on the PATH its env gives (${tools}) (ENOENT): ` +
        "check its name, install it, or give its full path",
    );
  });

  it("runs in cwd", async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), "dk-cwd-")));
    expect((await run("pwd", { cwd: dir, ...pipe })).stdout).toBe(`${dir}\n`);
  });

  it("says when a program cannot be started", async () => {
    const error = await run(["/nonexistent/program"], pipe).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as Error).message).toBe(
      "`/nonexistent/program` could not start: /nonexistent/program does not exist (ENOENT)",
    );
    const unknown = await run(["dk-no-such-program", "x"], pipe).catch((e: unknown) => e);
    expect((unknown as Error).message).toBe(
      "`dk-no-such-program x` could not start: no program named dk-no-such-program on PATH (ENOENT): " +
        "check its name, install it, or give its full path",
    );
  });

  it("says when a program is not executable", async () => {
    const script = join(mkdtempSync(join(tmpdir(), "dk-noexec-")), "script.sh");
    writeFileSync(script, "echo hi\n", { mode: 0o644 });
    const error = await run([script], pipe).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `\`${script}\` could not start: ${script} is not an executable program (permission denied): check its mode`,
    );
  });

  it("says so when the working directory is what is missing, not the program", async () => {
    const missing = join(tmpdir(), `dk-missing-${process.pid}`);
    const error = await run
      .with({ cwd: missing })("pwd", pipe)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as Error).message).toBe(`\`pwd\` could not start: the working directory ${missing} does not exist`);
  });

  it("says what to do when the command line is too long to start, and keeps its message short", async () => {
    const huge = `echo ${"x".repeat(200_000)}`;
    const cases = [
      [huge, {}],
      ["true", { env: { BIG: "y".repeat(200_000) } }],
    ] as const;
    for (const [command, options] of cases) {
      const error = await run(command, { ...options, ...pipe }).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/could not start: its arguments and environment are too long .*`input`/);
    }
    const error = (await run(huge, pipe).catch((e: unknown) => e)) as CommandError;
    expect(error.command).toBe(huge);
    expect(error.message.length).toBeLessThan(1500);
    expect(error.message).toContain(`${"x".repeat(100)}… (199005 more characters, in the error's \`command\`)`);
  });

  it("says so when the working directory is a file", async () => {
    const file = fileURLToPath(import.meta.url);
    const error = await run("pwd", { cwd: file, ...pipe }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(`\`pwd\` could not start: the working directory ${file} is not a directory`);
  });

  it("kills the whole process tree at the timeout, even while it prints", async () => {
    const tag = marker("timeout");
    const started = Date.now();
    const error = await run(`(sleep 60; : ${tag}) & while :; do echo tick; sleep 0.05; done`, {
      timeout: 700,
      ...pipe,
    }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toMatchObject({ name: "CommandError", timedOut: true });
    expect((error as Error).message).toMatch(/timed out after 700 ms/);
    expect((error as CommandError).stdout).toContain("tick");
    expect(await waitGone(tag)).toEqual([]);
  });

  it("stops on an AbortSignal", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const error = await run("sleep 30", { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ interrupted: true });
    const aborted = await run("true", { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(aborted).toMatchObject({ interrupted: true, exitCode: 130 });
  });

  it("fails a run whose signal aborted before it began as stopped before it started, unshown", async () => {
    const shown: string[] = [];
    const previous = setPrinter({ line: (_tag, text) => void shown.push(text), notice: () => {} });
    try {
      const reason = new Error("deploy window closed");
      const error = await rejection(run("true", { signal: AbortSignal.abort(reason) }), CommandError);
      expect(error).toMatchObject({ interrupted: true, exitCode: 130, cause: reason });
      expect(error.message).toBe("`true` was interrupted before it started");
      expect(shown).toEqual([]);
    } finally {
      setPrinter(previous);
    }
  });

  it("makes the reason its caller aborted with an interrupted run's cause; a plain abort() gives none", async () => {
    const reason = new Error("deploy window closed");
    const controller = new AbortController();
    setTimeout(() => controller.abort(reason), 200);
    const error = await rejection(run("sleep 30", { ...pipe, signal: controller.signal }), CommandError);
    expect(error).toMatchObject({ interrupted: true, cause: reason });
    const plain = new AbortController();
    setTimeout(() => plain.abort(), 200);
    const stopped = await rejection(run("sleep 30", { ...pipe, signal: plain.signal }), CommandError);
    expect(stopped.interrupted).toBe(true);
    expect(stopped.cause).toBeUndefined();
  });

  it("does not run anything in dry-run mode", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dk-dry-"));
    const r = await run(`touch ${dir}/x && exit 9`, { dryRun: true, ...pipe });
    expect(r.exitCode).toBe(0);
    expect((await run(["ls", "-A", dir], pipe)).stdout).toBe("");
  });

  it("fails a dry run given an aborted signal as interrupted, as the real run would: stopped, not run", async () => {
    const error = await run("true", { dryRun: true, signal: AbortSignal.abort(), ...pipe }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "CommandError", interrupted: true, exitCode: 130 });
  });

  it.each([
    [{ stdout: "loud" }, /stdout/],
    [{ timeout: -1 }, /timeout/],
    [{ timeout: Number.NaN }, /timeout/],
    [{ env: { "A-B": "x" } }, /env/],
    [{ env: { A: 1 } }, /env\.A/],
    [{ env: { A: "x\0y" } }, /NUL/],
    [{ cwd: "" }, /cwd/],
  ])("rejects bad options %j before running", async (options, message) => {
    await expect(run("true", options as never)).rejects.toThrow(message);
  });

  it.each([[""], ["   "], [[]], [[1]]])("rejects the command %j", async (command) => {
    await expect(run(command as never)).rejects.toThrow(/command/);
  });

  it.each([["echo a\0b"], [["echo", "a\0b"]]])(
    "refuses a NUL byte in %j as bad input, before spawning",
    async (command) => {
      const error = await run(command, pipe).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/^Expected `command` to be free of NUL bytes .*a\\u0000b"/);
    },
  );
});

describe("maxBuffer", () => {
  it("keeps captured output within the limit and stops the command that passes it, process tree and all", async () => {
    const tag = marker("maxbuffer");
    const error = await run(`(sleep 60; : ${tag}) & yes 0123456789`, { stdout: "pipe", maxBuffer: 100_000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CommandError);
    expect((error as Error).message).toMatch(
      /printed more than 100000 bytes on stdout \(maxBuffer\) and was stopped; raise maxBuffer/,
    );
    expect((error as CommandError).stdout.length).toBeLessThanOrEqual(100_000);
    expect((error as CommandError).stdout.length).toBeGreaterThan(90_000);
    expect(await waitGone(tag)).toEqual([]);
  });

  it("does not limit printed output", async () => {
    await expect(run("seq 1 300", { maxBuffer: 10, echo: false })).resolves.toMatchObject({ exitCode: 0 });
  });

  it("rejects a bad limit", async () => {
    await expect(run("true", { maxBuffer: 0 })).rejects.toThrow(/maxBuffer/);
  });
});

describe("output that arrives after a stop", () => {
  // A command that ignores TERM and floods until the KILL a second later: what comes past the cut is only counted.
  const flood = "trap '' TERM; while :; do echo 0123456789; done";
  const noticesOf = async (options: RunOptions) => {
    const notices: string[] = [];
    const previous = setPrinter({ line: () => undefined, notice: (_tag, text) => void notices.push(text) });
    try {
      await run(flood, { timeout: 200, echo: false, ...options }).catch((e: unknown) => e);
    } finally {
      setPrinter(previous);
    }
    return notices;
  };

  it("is named in a notice when it would have been printed", async () => {
    const notices = await noticesOf({});
    expect(notices.some((text) => /^\d+ bytes of output that arrived after the stop were not shown$/.test(text))).toBe(
      true,
    );
  });

  it("goes unmentioned when it was captured: no one was to see it", async () => {
    expect(await noticesOf({ stdout: "pipe", stderr: "pipe" })).toEqual([]);
  });
});
