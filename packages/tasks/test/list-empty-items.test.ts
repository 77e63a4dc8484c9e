// An array flag's empty item (`--tags a,`, `--tags a,,b`, `--tags a --tags ''`) is a slip, refused as core refuses
// an empty exclude pattern or host selector; it was dropped without a word. One empty value alone is the empty list.
// dk's --on, a comma-separated selection, names its empty part too: it said only what a selection looks like.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { fixture, tempDir } from "./helpers/paths.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const file = fixture("flags");

const TASKS = `/** Prints what it got. */
export function pack({ exclude = ["*.log"] }: { exclude?: string[] }) {
  console.log(JSON.stringify(exclude));
}
`;

describe("an array flag's empty items", () => {
  it.each([
    [["--tags", "a,"], "a,"],
    [["--tags", ",a"], ",a"],
    [["--tags", "a,,b"], "a,,b"],
    [["--ports=22,"], "22,"],
    [["--tags", "a", "--tags", ""], ""],
  ])("refuses %j as bad usage, naming the value", async (args, shown) => {
    const result = await dk(["-f", file, "every-type", "--force", ...args]);
    expect(result.stdout).toBe("");
    expect(result.code).toBe(2);
    const name = args[0]!.replace(/=.*/, "");
    expect(result.stderr.split("\n")[0]).toBe(
      `dk: ${name} has an empty item in ${JSON.stringify(shown)}: ` +
        `remove the extra comma, or give ${name}= alone for an empty list`,
    );
  });

  it("takes one empty value alone as the empty list, as --help says", async () => {
    for (const args of [["--tags="], ["--tags", ""], ["--ports="]]) {
      const result = await dk(["-f", file, "every-type", "--force", ...args]);
      expect(result.stderr).toBe("");
      const key = args[0]!.slice(2).replace("=", "");
      expect(JSON.parse(result.stdout)).toEqual({ force: true, [key]: [] });
    }
    const help = await dk(["-f", file, "every-type", "--help"]);
    expect(help.stdout).toContain("(string; repeatable or comma-separated, --tags= for none)");
  });

  it("refuses one in the environment and in the config, naming where it came from", async () => {
    const dir = tempDir("dk-empty-items-");
    writeFileSync(join(dir, "tasks.ts"), TASKS);
    const fromEnv = await dk(["pack"], { cwd: dir, env: { DK_PACK_EXCLUDE: "a," } });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr.split("\n")[0]).toBe(
      'dk: DK_PACK_EXCLUDE: --exclude has an empty item in "a,": ' +
        "remove the extra comma, or give --exclude= alone for an empty list",
    );
    expect((await dk(["pack"], { cwd: dir, env: { DK_PACK_EXCLUDE: "" } })).stdout).toBe("[]\n");
    writeFileSync(join(dir, "dk.config.json"), JSON.stringify({ tasks: { pack: { exclude: ["a", ""] } } }));
    const fromConfig = await dk(["pack"], { cwd: dir });
    expect(fromConfig.code).toBe(2);
    expect(fromConfig.stderr.split("\n")[0]).toBe(
      'dk: dk.config.json tasks.pack.exclude: --exclude has an empty item in "": ' +
        "remove it, or give [] for an empty list",
    );
  });

  it("refuses dk's --on with an empty part, before the task name or after it, naming it", async () => {
    for (const args of [
      ["--on", "web1,", "hello"],
      ["hello", "--on=,@db"],
      ["--on", "a,,b", "hello"],
    ]) {
      const result = await dk(["-f", file, ...args]);
      expect(result.code).toBe(2);
      const text = args.join(" ").match(/--on[ =](\S+)/)![1];
      expect(result.stderr.split("\n")[0]).toBe(`dk: --on has an empty part in "${text}": remove the extra comma`);
    }
  });
});
