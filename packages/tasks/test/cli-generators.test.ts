// Generator tasks run to their end; what they yielded is their result.
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { userProject } from "./helpers/project.ts";

const TASKS = `
/** Counts, later. */
export async function* later() {
  console.log("later body ran");
  yield 1;
  await new Promise((resolve) => setTimeout(resolve, 10));
  yield 2;
}

/** Counts to n. */
export function* count({ n = 2 }: { n?: number }) {
  console.log("count body ran");
  for (let i = 0; i < n; i++) yield i;
}

export function* broken() {
  yield 1;
  throw new Error("broken after one");
}
`;

let cwd = "";
beforeAll(async () => {
  await ensureBuilt();
  cwd = userProject("dk-generators-", { "tasks.ts": TASKS }, []);
}, BUILD_HOOK_MS);

describe("generator tasks", () => {
  it("are listed as tasks, with their flags", async () => {
    const list = await dk(["--list"], { cwd });
    expect(list.stdout).toMatch(/^ {2}later +Counts, later\.$/m);
    expect(list.stdout).toMatch(/^ {2}count +Counts to n\.$/m);
    expect((await dk(["count", "--help"], { cwd })).stdout).toContain("--n <number>");
  });

  it("run their body to the end, sync or async; --print and --json give what they yielded", async () => {
    expect(await dk(["later"], { cwd })).toMatchObject({ code: 0, stdout: "later body ran\n" });
    const printed = await dk(["count", "--n", "3", "--print"], { cwd });
    expect(printed).toMatchObject({ code: 0, stdout: "count body ran\n[\n  0,\n  1,\n  2\n]\n" });
    const json = await dk(["--json", "later"], { cwd });
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, result: [1, 2] });
  });

  it("fail as the task when the generator throws", async () => {
    const result = await dk(["broken"], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("broken after one");
  });
});
