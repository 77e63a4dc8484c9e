// Exports that are values, not functions (a constant, a class, a Group, a function made by a call), are listed by
// `dk --list --all` with why they are no tasks, and `dk NAME` says the same: it said "unknown task".
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { tempDir } from "./helpers/paths.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const TASKS = `export const answer = 42;
export class Thing {}
export type Flags = { a: string };
export interface Shape { x: number }
const wrap = (f: () => void) => f;
export const wrapped = wrap(() => {});
/** Say hi. */
export function hi() {
  console.log("hi");
}
`;

function project(): string {
  const dir = tempDir("dk-list-values-");
  writeFileSync(join(dir, "tasks.ts"), TASKS);
  return dir;
}

describe("exports that are values", () => {
  it("are listed with --list --all, each with its reason and line; types alone are not", async () => {
    const result = await dk(["--list", "--all"], { cwd: project() });
    const section = result.stdout.split("Exports that are not tasks:\n")[1]?.split("\n\n")[0] ?? "";
    expect(section.split("\n").map((line) => line.trim().replace(/ +/, " "))).toEqual([
      "answer tasks.ts:1: its type is `number`, not a function",
      "thing tasks.ts:2: it is a class; dk runs exported functions (export one that uses it)",
      "wrapped tasks.ts:6: it is a function made by an expression, whose flags dk cannot read; " +
        "export a function declaration or an arrow function",
    ]);
    expect(result.stdout).toMatch(/^ {2}hi +Say hi\.$/m);
  });

  it("are named as no task when run, by their name or in kebab-case", async () => {
    const cwd = project();
    for (const [word, why] of [
      ["answer", "its type is `number`, not a function"],
      ["Thing", "it is a class; dk runs exported functions (export one that uses it)"],
    ]) {
      const result = await dk([word!], { cwd });
      expect(result.code).toBe(2);
      expect(result.stderr.split("\n")[0]).toBe(`dk: "${word}" is not a task: ${why}`);
    }
  });
});
