// A cached result whose input's directory has become a file (a branch switch: lib/ gone, a file lib in its place) is
// stale, as for an input gone: dk reads the tasks file anew and says what is wrong with it, not an internal ENOTDIR.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { tempDir } from "./helpers/paths.ts";
import { userProject } from "./helpers/project.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

describe("an input whose directory became a file", () => {
  it("makes the cache stale, and the run says what is wrong", async () => {
    const dir = userProject(
      "dk-input-replaced-",
      {
        "tasks.ts": 'import { w } from "./lib/x.ts";\nexport function a() {\n  console.log(w);\n}\n',
        "lib/x.ts": 'export const w = "from lib";\n',
      },
      [],
    );
    const cache = tempDir("dk-cache-");
    expect(await dk(["a"], { cwd: dir, cache })).toMatchObject({ code: 0, stdout: "from lib\n" });
    rmSync(join(dir, "lib"), { recursive: true });
    writeFileSync(join(dir, "lib"), "a file now\n");
    for (const args of [["--list"], ["a"]]) {
      const result = await dk(args, { cwd: dir, cache });
      expect(result.stderr, args.join(" ")).not.toContain("internal error");
    }
    const run = await dk(["a"], { cwd: dir, cache });
    expect(run).toMatchObject({ code: 1, stdout: "" });
    expect(run.stderr).toContain('Could not resolve "./lib/x.ts"');
    // Back as it was: the cache serves again.
    rmSync(join(dir, "lib"));
    mkdirSync(join(dir, "lib"));
    writeFileSync(join(dir, "lib", "x.ts"), 'export const w = "from lib";\n');
    expect(await dk(["a"], { cwd: dir, cache })).toMatchObject({ code: 0, stdout: "from lib\n" });
  });
});
