// A failed task's report says what caused its error, names an AggregateError's errors, stays short when a message is
// huge, and offers --debug only when that would show more.
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { fixture } from "./helpers/paths.ts";

const file = fixture("reports");
const at = (line: number, column: number) => `  at ${file}:${line}:${column}\n`;
const HINT = "(run with --debug for the stack trace)\n";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

describe("the report of a task's error", () => {
  it("names its cause: a failed command wrapped in an error of the task's own", async () => {
    const result = await dk(["-f", file, "wrapped"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `dk: task "wrapped" failed: Error: the deploy step failed\n${at(9, 11)}` +
        "  caused by: CommandError: `exit 3` failed with exit code 3\n" +
        HINT,
    );
  });

  it("follows the chain of causes, a value that is no Error shown as a value", async () => {
    const result = await dk(["-f", file, "chain"]);
    expect(result.stderr).toBe(
      `dk: task "chain" failed: TypeError: fetch failed\n${at(16, 9)}` +
        "  caused by: Error: the request failed\n" +
        "  caused by: Error: connect ECONNREFUSED 127.0.0.1:1\n" +
        "  caused by: { code: 'ECONNREFUSED' }\n" +
        HINT,
    );
  });

  it("stops at a cause seen before", async () => {
    const result = await dk(["-f", file, "loop"]);
    expect(result.stderr).toBe(`dk: task "loop" failed: Error: round and round\n${at(21, 17)}${HINT}`);
  });

  it("names an AggregateError's errors, the first five and how many more", async () => {
    const result = await dk(["-f", file, "several"]);
    expect(result.stderr).toBe(
      `dk: task "several" failed: AggregateError: seven parts failed\n${at(28, 9)}` +
        [1, 2, 3, 4, 5].map((i) => `  error ${i} of 7: RangeError: part ${i}\n`).join("") +
        "  and 2 more\n" +
        HINT,
    );
  });

  it("cuts a message of a million characters at 4000, saying how many more; --debug shows it all", async () => {
    const result = await dk(["-f", file, "long"]);
    expect(result.code).toBe(1);
    const first = result.stderr.split("\n")[0]!;
    expect(first).toBe(
      `dk: task "long" failed: Error: ${"x".repeat(3993)}… (996010 more characters: run with --debug for all)`,
    );
    expect(result.stderr.length).toBeLessThan(5000);
    const value = await dk(["-f", file, "long-value"]);
    expect(value.stderr).toBe(
      `dk: task "long-value" failed: ${"y".repeat(4000)}… (996003 more characters: run with --debug for all)\n`,
    );
    const debug = await dk(["-f", file, "--debug", "long"]);
    const stack = debug.stderr.slice(debug.stderr.indexOf('dk: task "long" failed: '));
    expect(stack.slice(0, 200)).toBe(`dk: task "long" failed: Error: ${"x".repeat(169)}`);
    const end = stack.indexOf("END");
    // Up to the end of the line after END (the frame's line), whatever the length of the checkout's path.
    expect(stack.slice(end - 100, stack.indexOf("\n", end + 4) + 1)).toBe(
      `${"x".repeat(100)}END\n    at long (${file}:36:9)\n`,
    );
  });

  it("offers --debug only when there is a stack to show", async () => {
    const result = await dk(["-f", file, "stackless"]);
    expect(result).toMatchObject({ code: 1, stderr: 'dk: task "stackless" failed: Error: no stack here\n' });
  });
});
