import { PassThrough } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it, onTestFinished } from "vitest";
import { CommandError } from "../src/errors.ts";
import { createPrinter, createRecorder, run, setPrinter } from "../src/index.ts";
import { clip, joinedLines, oneLine } from "../src/output/one-line.ts";
import { createStatusPrinter } from "../src/status/status-printer.ts";
import { FakeTerminal } from "./helpers/fake-terminal.ts";
import { runScript } from "./helpers/script.ts";

// A script as users write it: a template literal that starts and ends with a newline, indented.
const SCRIPT = "\n  echo start\n  exit 3\n";

describe("oneLine", () => {
  it.each([
    ["echo hi", Infinity, "echo hi"],
    ["echo hi\n", Infinity, "echo hi"],
    ["true\nexit 4", Infinity, "true …"],
    [SCRIPT, Infinity, "echo start …"],
    ["\n\n  false  \n\n", Infinity, "false"],
    ["abcdef", 3, "abc…"],
    ["abcdef\nmore", 3, "abc…"],
    ["abc", 3, "abc"],
    ["\n", Infinity, ""],
  ])("%j, at most %d characters: %j", (command, max, shown) => {
    expect(oneLine(command, max)).toBe(shown);
  });

  it("never cuts a character in two", () => {
    expect(oneLine("ab😀cd", 3)).toBe("ab…");
    expect(clip("ab😀cd", 3)).toBe("ab…");
    expect(clip("ab😀cd", 4)).toBe("ab😀…");
    expect(clip("ab😀", 4)).toBe("ab😀");
  });
});

describe("joinedLines", () => {
  it.each([
    ["disk full", "disk full"],
    ["first\n\n  second  \n", "first; second"],
    ["2 of 2 hosts failed:\n  a: x\n  b: y", "2 of 2 hosts failed: a: x; b: y"],
    ["\n \n", ""],
    ["hidden\rshown\r\nnext", "hidden; shown; next"],
  ])("%j: %j", (message, shown) => {
    expect(joinedLines(message)).toBe(shown);
  });

  it("keeps what a message says after its first line, where a command is named by its first", () => {
    expect(joinedLines("cannot connect\nPermission denied")).toBe("cannot connect; Permission denied");
    expect(oneLine("cannot connect\nPermission denied")).toBe("cannot connect …");
  });
});

describe("a long output line kept for an error or a summary", () => {
  it("is cut short without leaving half a character", async () => {
    const line = `${"x".repeat(499)}😀${"y".repeat(600)}`;
    setPrinter(createRecorder(createPrinter(new PassThrough(), new PassThrough())));
    onTestFinished(() => void setPrinter(undefined));
    const error = (await run(`printf '%s\\n' ${line}; exit 1`, { echo: false }).catch(
      (e: unknown) => e,
    )) as CommandError;
    expect(error.tail).toEqual([`${"x".repeat(499)}…`]);
  });
});

describe("a command named in one line", () => {
  it("is named alike by a CommandError's reason and the failed-command notice: its first line of words", async () => {
    const error = await run(SCRIPT, { stdout: "pipe", stderr: "pipe" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).reason).toBe("`echo start …` failed with exit code 3");
    const long = `echo ${"x".repeat(100)}`;
    const cut = await run(`${long}\nexit 3`, { stdout: "pipe", stderr: "pipe" }).catch((e: unknown) => e);
    expect((cut as CommandError).reason).toBe(`\`${long.slice(0, 60)}…\` failed with exit code 3`);
    const r = await runScript(`await core.run(${JSON.stringify(SCRIPT)}, { check: false, echo: false });`);
    expect(r.stderr).toBe("[localhost] [Command failed: 3] echo start …\n");
  });

  it("cuts a long command in the failed-command notice where the still-waiting notice cuts it", async () => {
    const long = `: ${"x".repeat(5000)}; exit 3`;
    const r = await runScript(`await core.run(${JSON.stringify(long)}, { check: false, echo: false });`);
    expect(r.stderr).toBe(`[localhost] [Command failed: 3] ${long.slice(0, 200)}…\n`);
  });

  it("shows a script's first line of words in the live view and in compact's report of its failure", async () => {
    const term = new FakeTerminal(80, 20);
    const view = createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, {
      intervalMs: 10,
      output: "compact",
    });
    view.start("web1", SCRIPT, "web1");
    await sleep(40);
    expect(term.screen[0]).toMatch(/^. \[web1\]\s+\d+\.\ds {2}\$ echo start …$/);
    view.line("web1", "start");
    view.end("web1", { command: SCRIPT, exitCode: 3, durationMs: 10, error: "`echo start …` failed with exit code 3" });
    view.stop();
    expect(term.screen).toContain("✖ [web1] `echo start …` failed (exit code 3); its output:");
  });

  it("names the signal of an exit code 128 + n in compact's report of a failure, as the error does", async () => {
    const term = new FakeTerminal(80, 20);
    const view = createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, { output: "compact" });
    view.start("web1", "sleep 9", "web1");
    view.line("web1", "started");
    view.end("web1", { command: "sleep 9", exitCode: 137, durationMs: 10, error: "killed" });
    view.stop();
    expect(term.screen).toContain("✖ [web1] `sleep 9` failed (exit code 137 (SIGKILL)); its output:");
  });
});
