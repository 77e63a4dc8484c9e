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

describe("a thrown value that is no Error", () => {
  it("is shown as the value", async () => {
    const result = await dk(["-f", file, "value"]);
    expect(result).toMatchObject({ code: 1, stderr: `dk: task "value" failed: { code: 5, reason: 'not an Error' }\n` });
  });
});
