import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "../helpers/build.ts";
import { dk } from "../helpers/dk.ts";
import { fixture } from "../helpers/paths.ts";

const file = fixture("uncaught");
const at = (line: number, column: number) => `  at ${file}:${line}:${column}\n`;
const HINT = "(run with --debug for the stack trace)\n";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

describe("an error a task lets go uncaught", () => {
  it("an unhandled rejection: dk's one-line report at the user's line, not Node's crash dump; exit 1", async () => {
    const result = await dk(["-f", file, "rejects"], { timeoutMs: 30_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `dk: task "rejects" failed (unhandled rejection): Error: lost in the background\n${at(8, 23)}${HINT}`,
    );
  });

  it("an exception thrown from a timer: the same report, without waiting for the task's command", async () => {
    const result = await dk(["-f", file, "timer"], { timeoutMs: 30_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `dk: task "timer" failed (uncaught exception): RangeError: thrown from a timer\n${at(15, 11)}${HINT}`,
    );
  });

  it("a failing command nobody awaited: its exit code, as if the task had thrown it", async () => {
    const result = await dk(["-f", file, "unawaited"], { timeoutMs: 30_000 });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('dk: task "unawaited" failed (unhandled rejection): ');
  });

  it("a rejection left unhandled by a task that returns at once: reported, not a success", async () => {
    const result = await dk(["-f", file, "leaves", "--print"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `dk: task "leaves" failed (unhandled rejection): Error: left behind\n${at(41, 23)}${HINT}`,
    );
  });

  it("a command running when the task returns: dk says so and waits for it; its failure fails the run", async () => {
    const failing = await dk(["-f", file, "early"], { timeoutMs: 30_000 });
    expect(failing.code).toBe(3);
    expect(failing.stderr).toContain(
      'dk: task "early" returned while a command it started still runs (on localhost; a missing await?): ' +
        "waiting for it\n",
    );
    expect(failing.stderr).toContain('dk: task "early" failed (unhandled rejection): ');
    const ok = await dk(["-f", file, "unwaited"], { timeoutMs: 30_000 });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("finished late\n");
    expect(ok.stderr).toContain('dk: task "unwaited" returned while a command it started still runs');
  });

  it("with --debug: the stack trace", async () => {
    const result = await dk(["-f", file, "--debug", "timer"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`RangeError: thrown from a timer\n    at Timeout._onTimeout (${file}:15:11)`);
  });

  it("is the task's own business when it listens for such errors itself", async () => {
    const result = await dk(["-f", file, "handles"]);
    expect(result).toMatchObject({ code: 0, stdout: "handled: mine to handle\nfinished\n", stderr: "" });
  });
});

describe("a task that fails more than one way at once", () => {
  it("throws and leaves a rejection unhandled: one report naming both, one exit code", async () => {
    const result = await dk(["-f", file, "both"], { timeoutMs: 30_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `dk: task "both" failed: Error: thrown\n${at(58, 9)}` +
        `dk: task "both" also failed (unhandled rejection): Error: left behind\n${at(57, 23)}${HINT}`,
    );
  });

  it("a timer rejects the task and throws: one report, not one per error", async () => {
    const result = await dk(["-f", file, "twice"], { timeoutMs: 30_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `dk: task "twice" failed (uncaught exception): Error: thrown from the timer\n${at(66, 13)}` +
        `dk: task "twice" also failed: Error: rejected\n${at(65, 14)}${HINT}`,
    );
  });

  it("a failed group call and a rejection its clean-up left: both named; no one command's code, so 1", async () => {
    const result = await dk(["-f", file, "cleanup"], { timeoutMs: 30_000 });
    expect(result.code).toBe(1);
    const report = result.stderr.slice(result.stderr.indexOf('dk: task "cleanup"'));
    expect(report).toBe(
      'dk: task "cleanup" failed: 1 host failed (the summary above says which and why)\n' +
        `dk: task "cleanup" also failed (unhandled rejection): Error: clean-up failed\n${at(76, 25)}${HINT}`,
    );
  });

  it("twenty rejections left unhandled: the first five, and how many more", async () => {
    const result = await dk(["-f", file, "many"], { timeoutMs: 30_000 });
    expect(result.code).toBe(1);
    const lines = result.stderr.split("\n").filter((line) => line.startsWith("dk: "));
    expect(lines).toEqual([
      'dk: task "many" failed (unhandled rejection): Error: lost 0',
      ...[1, 2, 3, 4].map((i) => `dk: task "many" also failed (unhandled rejection): Error: lost ${i}`),
      'dk: task "many" also failed with 15 more errors, not shown',
    ]);
    expect(result.stderr.endsWith(HINT)).toBe(true);
  });
});

describe("a thrown value that is no Error", () => {
  it("is shown as the value", async () => {
    const result = await dk(["-f", file, "value"]);
    expect(result).toMatchObject({ code: 1, stderr: `dk: task "value" failed: { code: 5, reason: 'not an Error' }\n` });
  });
});
