import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { setPrinter } from "../src/output/printer.ts";
import { run } from "../src/index.ts";
import { exitCodeText } from "../src/run/command-result.ts";

const result = { command: "cat big.log", exitCode: 143, stdout: "", stderr: "", durationMs: 5, host: undefined };

describe("CommandError for output past maxBuffer", () => {
  it.each([
    [1, "1 byte"],
    [2, "2 bytes"],
  ])("counts %d in words: %s", (maxBuffer, words) => {
    const error = new CommandError(result, { overflow: { stream: "stdout", maxBuffer } });
    expect(error.message).toBe(
      `\`cat big.log\` printed more than ${words} on stdout (maxBuffer) and was stopped; ` +
        'raise maxBuffer, or set stdout: "print" to print it rather than capture it',
    );
  });

  it("says so for a real command that passes a one-byte limit", async () => {
    const error = await run("echo hello", { stdout: "pipe", maxBuffer: 1, echo: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).reason).toMatch(/^`echo hello` printed more than 1 byte on stdout \(maxBuffer\)/);
  });
});

describe("CommandError for an exit code that says a signal", () => {
  it.each([
    [137, "137 (SIGKILL)"],
    [134, "134 (SIGABRT)"],
    [143, "143 (SIGTERM)"],
    [159, "159 (SIGSYS)"],
    [160, "160"],
    [128, "128"],
    [255, "255"],
    [2, "2"],
  ])("reads %i as %s", (exitCode, words) => {
    expect(exitCodeText(exitCode)).toBe(words);
    expect(new CommandError({ ...result, exitCode }).message).toBe(`\`cat big.log\` failed with exit code ${words}`);
  });

  it("names the signal that ended a local command, in its error and in the notice of a returned failure", async () => {
    const error = await run("kill -KILL $$", { stderr: "pipe", echo: false }).catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: 137, message: "`kill -KILL $$` failed with exit code 137 (SIGKILL)" });
    const notices: string[] = [];
    setPrinter({ line: () => undefined, notice: (_, text) => void notices.push(text) });
    try {
      await run("kill -TERM $$", { check: false, echo: false });
    } finally {
      setPrinter(undefined);
    }
    expect(notices).toEqual(["[Command failed: 143 (SIGTERM)] kill -TERM $$"]);
  });
});

describe("CommandError as JSON", () => {
  it("has its name and message beside the result's fields, which an Error's JSON would leave out", () => {
    const error = new CommandError({ ...result, exitCode: 2, stderr: "no such file" }, { host: "web1" });
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(json).toMatchObject({
      name: "CommandError",
      message: "[web1] `cat big.log` failed with exit code 2",
      reason: "`cat big.log` failed with exit code 2",
      command: "cat big.log",
      exitCode: 2,
      stderr: "no such file",
      host: "web1",
      timedOut: false,
    });
  });
});
