// A boolean flag typed as one literal (`force?: true`, `keep?: false`) takes that value alone: the other is refused
// from the command line and from its presets, and the usage shows only the word that gives it.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { userProject } from "./helpers/project.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const TASKS = `export function t(options: { force?: true; keep?: false; wait?: boolean }) {
  console.log(JSON.stringify(options));
}
`;
const file = join(userProject("dk-one-boolean-", { "tasks.ts": TASKS }, []), "tasks.ts");
const ON = "--force only turns on (its type is `true`): leave it out instead";
const OFF = "--keep only turns off (its type is `false`): give --no-keep, or leave it out";

async function refused(args: string[], env: Record<string, string> = {}): Promise<string> {
  const result = await dk(["-f", file, "t", ...args], { env });
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe("");
  return result.stderr.split("\n").slice(0, 2).join("\n");
}

describe("a boolean flag of one literal type", () => {
  it("takes its one value", async () => {
    const result = await dk(["-f", file, "t", "--force", "--no-keep", "--no-wait"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toEqual({ force: true, keep: false, wait: false });
  });

  it("refuses the other, however given, showing the words it has", async () => {
    const usage = "Usage: dk t [--force] [--no-keep] [--[no-]wait]  (more: dk t --help)";
    expect(await refused(["--no-force"])).toBe(`dk: ${ON}\n${usage}`);
    expect(await refused(["--force=false"])).toBe(`dk: ${ON}\n${usage}`);
    expect(await refused(["--keep"])).toBe(`dk: ${OFF}\n${usage}`);
    expect(await refused([], { DK_FORCE: "0" })).toBe(`dk: DK_FORCE: ${ON}\n${usage}`);
  });

  it("is described by its one value in help", async () => {
    const result = await dk(["-f", file, "t", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ {2}--force +\(only true\)$/m);
    expect(result.stdout).toMatch(/^ {2}--no-keep +\(only false\)$/m);
  });
});
