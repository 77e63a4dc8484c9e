import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
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
