import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dkV8Flags } from "../src/v8-flags.ts";
import { dk } from "./helpers/dk.ts";
import { userProject } from "./helpers/project.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

// Objects that survive, as many connections' state does: what makes V8 grow its young generation.
const TASKS = `import { getHeapSpaceStatistics } from "node:v8";
/** keeps objects alive and prints the young generation's size */
export function young() {
  const kept = [];
  for (let i = 0; i < 300000; i++) kept.push({ i, name: "host" + i, pair: [i, i + 1] });
  const space = getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
  console.log("new space MB " + space.space_size / 1048576 + " kept " + kept.length);
}
`;

// Two functions run the same amount, the first under dk's flags, the second under V8's default interrupt budget: V8
// marks a function for optimization when its budget runs out, counted in bytecode run, so this is no matter of timing.
const TIERS = `import { setFlagsFromString } from "node:v8";
/** warms two functions alike and traces which V8 marks for optimization */
export function tiers() {
  setFlagsFromString("--trace-opt");
  const warm = (a: number) => ((a * 3) ^ (a >> 1)) + (a & 7) * 5;
  const warm2 = (a: number) => ((a * 3) ^ (a >> 1)) + (a & 7) * 5;
  let t = 0;
  for (let i = 0; i < 3000; i++) t += warm(i);
  setFlagsFromString("--interrupt-budget=67584");
  for (let i = 0; i < 3000; i++) t += warm2(i);
  setFlagsFromString("--no-trace-opt");
  console.log("sum " + t);
}
`;

async function youngSpaceMb(env: Record<string, string> = {}): Promise<number> {
  const dir = userProject("dk-young-", { "tasks.ts": TASKS });
  const result = await dk(["-f", join(dir, "tasks.ts"), "young"], { env });
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).toBe("");
  return Number(/^new space MB (\S+) kept 300000$/m.exec(result.stdout)?.[1]);
}

describe("dk keeps V8's young generation small (peak memory at many hosts)", () => {
  it("does not let it grow", async () => {
    expect(await youngSpaceMb()).toBeLessThanOrEqual(4);
  });

  it("leaves it alone when NODE_OPTIONS names a semi-space flag", async () => {
    expect(await youngSpaceMb({ NODE_OPTIONS: "--max-semi-space-size=16" })).toBeGreaterThan(4);
  });
});

describe("dk optimizes only what runs long (peak memory at many hosts)", () => {
  it("leaves a function run 3000 times unoptimized, which V8's default budget would optimize", async () => {
    const dir = userProject("dk-tiers-", { "tasks.ts": TIERS });
    const result = await dk(["-f", join(dir, "tasks.ts"), "tiers"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("sum 27690784\n");
    expect(result.stdout).toMatch(/marking \S+ <JSFunction warm2 /);
    expect(result.stdout).not.toMatch(/<JSFunction warm /);
  });
});

describe("the V8 flags dk sets", () => {
  it("are both, unless node's arguments or NODE_OPTIONS name one: then that one is the user's", () => {
    const both = ["--semi-space-growth-factor=1", "--interrupt-budget=1081344"];
    expect(dkV8Flags({}, [])).toEqual(both);
    expect(dkV8Flags({ NODE_OPTIONS: "--max-semi-space-size=16" }, [])).toEqual([both[1]]);
    expect(dkV8Flags({}, ["--interrupt_budget=500"])).toEqual([both[0]]);
    expect(dkV8Flags({ NODE_OPTIONS: "--max_semi_space_size=8" }, ["--interrupt-budget=1"])).toEqual([]);
  });
});
