// A tasks file's path that holds a line break or an escape is shown quoted, as a JSON string, wherever dk prints it:
// raw, the break split dk's one-line messages and the escape coloured (or moved) the user's terminal.
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { userProject } from "./helpers/project.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const NAME = "p\nX\u001b[31mred";

// A project holding a directory NAME with a tasks file in it.
function project(): { dir: string; file: string } {
  const root = userProject("dk-path-escapes-", { [`${NAME}/tasks.ts`]: "export function hi() {}\n" }, []);
  const dir = join(root, NAME);
  return { dir, file: join(dir, "tasks.ts") };
}

const quoted = (path: string) => JSON.stringify(path);

// One line, no escape: the path's own break and colour never reached it.
function expectOneLine(text: string): void {
  expect(text.trimEnd()).not.toContain("\n");
  expect(text).not.toContain("\u001b");
}

describe("a path with control characters", () => {
  it("is quoted in -f's usage errors", async () => {
    const { dir, file } = project();
    const asDir = await dk(["-f", dir, "--list"]);
    expect(asDir.stderr).toBe(
      `dk: -f/--file: ${quoted(dir)} is a directory; its tasks file: -f ${quoted(file)}\n` +
        "Usage: dk -f PATH [TASK] [flags]  (more: dk --help)\n",
    );
    expect(asDir.code).toBe(2);
    const missing = await dk(["-f", join(dir, "nope.ts"), "--list"]);
    expect(missing.stderr.split("\n")[0]).toBe(`dk: -f/--file: no such file: ${quoted(join(dir, "nope.ts"))}`);
    expect(missing.code).toBe(2);
  });

  it("is quoted in the line of a tasks file that cannot load", async () => {
    const { file } = project();
    writeFileSync(file, "export function hi( {\n");
    const result = await dk(["-f", file, "hi"]);
    expect(result.stderr.startsWith(`dk: ${quoted(file)}:2:1: syntax error: `)).toBe(true);
    expectOneLine(result.stderr);
    expect(result.code).toBe(1);
  });

  it("is quoted in the listing and the help", async () => {
    const { file } = project();
    const list = await dk(["-f", file, "--list"]);
    expect(list.stdout.split("\n")[0]).toBe(`Tasks in ${quoted(file)}:`);
    const help = await dk(["-f", file, "hi", "--help"]);
    expect(help.stdout).toContain(`\nDefined in ${quoted(file)}.\n`);
    expect(list.stdout + help.stdout).not.toContain("\u001b");
  });

  it("is quoted where a directory above the tasks file is refused", async () => {
    const { dir } = project();
    chmodSync(dir, 0o777);
    const result = await dk(["--list"], { cwd: dir });
    expect(result.stderr.startsWith(`dk: ${quoted(join(dir, "tasks.ts"))}: not run: `)).toBe(true);
    expect(result.stderr).toContain(`: ${quoted(dir)} is writable by others (mode 777);`);
    expectOneLine(result.stderr);
    expect(result.code).toBe(1);
  });
});
