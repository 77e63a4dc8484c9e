// A task's failure report holds other code's words (an error's message, a command's last line, a thrown value): their
// colour stays, ended; a title escape, cursor move, screen erase or backspace in them no longer reaches the terminal.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { packageDir, tempDir } from "./helpers/paths.ts";
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

// The same words in dk's own reports of bad usage and of a tasks file that cannot load.
const importing = String.raw`
throw new Error("a\x1b]0;owned\x07b\x1b[2A\x1b[2Jc\b\b\x1b[41mred");
export function never() {}
`;

describe("dk's report of bad usage or a load error keeps only colour from the words it quotes", () => {
  const raws = ["\x1b]", "\x1b[2A", "\x1b[2J", "\x07", "\b"];

  it("a tasks file path given with -f", async () => {
    const result = await dk(["-f", "a\x1b]0;owned\x07b\x1b[2A\x1b[2Jc\b\b\x1b[41mred.ts"], { cwd: project() });
    expect(result.code).toBe(2);
    // A path is shown as a JSON string when it holds a control character: what it is, not what it would draw.
    const name = "a\x1b]0;owned\x07b\x1b[2A\x1b[2Jc\b\b\x1b[41mred.ts";
    expect(result.stderr.split("\n")[0]).toBe(`dk: -f/--file: no such file: ${JSON.stringify(name)}`);
    for (const raw of raws) expect(result.stderr).not.toContain(raw);
  });

  it.each([[[] as string[]], [["--debug"]]])("a message thrown while the tasks file loads (%j)", async (flags) => {
    const result = await dk([...flags, "never"], { cwd: userProject("dk-report-", { "tasks.ts": importing }) });
    expect(result.code).toBe(1);
    const line = result.stderr.split("\n").find((text) => text.startsWith("dk: /"));
    expect(line).toMatch(/tasks\.ts:2:7: /);
    expect(line!.endsWith("tasks.ts:2:7: abc\x1b[41mred (while loading the tasks file)\x1b[0m")).toBe(true);
    for (const raw of raws) expect(result.stderr).not.toContain(raw);
  });

  it("loads core for that alone: a report with nothing to filter leaves dk's start without it", async () => {
    // An unknown task's name is quoted through core's filter (a path is shown as a JSON string, without core).
    const loaded = async (word: string) => {
      const log = join(tempDir(), "imports.log");
      writeFileSync(log, "");
      const hook = join(packageDir, "test", "helpers", "trace-imports.mjs");
      const env = { DK_TRACE_IMPORTS: log };
      const result = await dk([word], { cwd: project(), nodeArgs: ["--import", hook], env });
      expect(result.code).toBe(2);
      expect(result.stderr).not.toContain("\x1b[2J");
      return readFileSync(log, "utf8").includes("/core/dist/");
    };
    expect(await loaded("plain")).toBe(false);
    expect(await loaded("a\x1b[2Jb")).toBe(true);
  });
});
