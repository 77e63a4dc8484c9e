import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "../helpers/build.ts";
import { dk } from "../helpers/dk.ts";
import { userProject } from "../helpers/project.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

// `file:line:column` of `text` in `source`, 1-based as stack traces count.
function where(file: string, source: string, text: string): string {
  const offset = source.indexOf(text);
  expect(offset).toBeGreaterThanOrEqual(0);
  const before = source.slice(0, offset).split("\n");
  return `${file}:${before.length}:${before.at(-1)!.length + 1}`;
}

describe("errors on the first line of a compiled file name its exact line and column", () => {
  it.each([
    ["a throw statement", `throw new Error("boom");\n/** x */\nexport function hello() {}\n`, "boom"],
    [
      "a throw inside an expression",
      `export const x = (() => { throw new Error("x"); })();\n/** x */\nexport function hello() {}\n`,
      "x",
    ],
  ])("%s while tasks.ts loads", async (_, source, message) => {
    const dir = userProject("dk-columns-", { "tasks.ts": source });
    const file = join(dir, "tasks.ts");
    const result = await dk(["-f", file, "hello"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`dk: ${where(file, source, "new Error")}: ${message} (while loading the tasks file)\n`);
  });

  it("in tasks.ts and in a file it imports, when a task throws", async () => {
    const tasks = `import { fail } from "./lib.ts"; /** x */ export function boom() { fail(); }\n`;
    const lib = `export function fail(): never { throw new Error("failed in lib"); }\n`;
    const dir = userProject("dk-columns-", { "tasks.ts": tasks, "lib.ts": lib });
    const result = await dk(["-f", join(dir, "tasks.ts"), "--debug", "boom"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`at fail (${where(join(dir, "lib.ts"), lib, "new Error")})`);
    expect(result.stderr).toContain(`at boom (${where(join(dir, "tasks.ts"), tasks, "fail();")})`);
  });
});
