// A task's failure report holds other code's words (an error's message, a command's last line, a thrown value): their
// colour stays, ended; a title escape, cursor move, screen erase or backspace in them no longer reaches the terminal.
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { userProject } from "./helpers/project.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

// A title, two lines up, a screen erase, two backspaces over the words before, a red background left on: as JS
// string escapes, and as printf's.
const tasks = String.raw`
import { run } from "@deploykit/core";
const NASTY = "a\x1b]0;owned\x07b\x1b[2A\x1b[2Jc\b\b\x1b[41mred";
export async function thrower() { throw new Error(NASTY); }
export async function value() { throw NASTY; }
export async function failing() {
  await run("printf 'a\\033]0;owned\\007b\\033[2A\\033[2Jc\\b\\b\\033[41mred\\n' >&2; exit 3");
}
`;

const project = () => userProject("dk-report-", { "tasks.ts": tasks });

describe("the report of a failed task keeps only colour from the words it quotes", () => {
  it.each([
    ["an Error's message", "thrower", 1, 'dk: task "thrower" failed: Error: abc\x1b[41mred\x1b[0m'],
    ["a thrown value", "value", 1, 'dk: task "value" failed: abc\x1b[41mred\x1b[0m'],
    ["a failed command's last stderr line", "failing", 3, "failed with exit code 3: abc\x1b[41mred\x1b[0m"],
  ])("%s", async (_, task, code, line) => {
    const result = await dk([task], { cwd: project() });
    expect(result.code).toBe(code);
    const report = result.stderr.slice(result.stderr.indexOf(`dk: task "${task}"`));
    expect(report.split("\n")[0]).toContain(line);
    for (const raw of ["\x1b]", "\x1b[2A", "\x1b[2J", "\x07", "\b"]) expect(report).not.toContain(raw);
  });

  it("and under --debug, the stack's first line too", async () => {
    const result = await dk(["--debug", "thrower"], { cwd: project() });
    expect(result.stderr).toContain('dk: task "thrower" failed: Error: abc\x1b[41mred\x1b[0m\n    at ');
  });
});
