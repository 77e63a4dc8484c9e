import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { run } from "../src/index.ts";

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
