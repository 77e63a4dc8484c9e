import { readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { copyFixture, packageDir, tempDir } from "./helpers/paths.ts";
import { compiledModule } from "./reliability/cache-plant.ts";
import type { Manifest } from "../src/types.ts";

const hook = join(packageDir, "test", "helpers", "trace-imports.mjs");

// Runs dk with every module it resolves logged, and returns the heavy ones it loaded.
async function heavyModules(args: string[], cache: string): Promise<{ stdout: string; heavy: string[] }> {
  const log = join(tempDir(), "imports.log");
  writeFileSync(log, "");
  const result = await dk(args, { cache, nodeArgs: ["--import", hook], env: { DK_TRACE_IMPORTS: log } });
  expect(result.stderr).toBe("");
  const urls = readFileSync(log, "utf8").split("\n");
  const heavy = ["/typescript/", "/tsx/", "/yargs/", "/esbuild/"].filter((part) =>
    urls.some((url) => url.includes(part)),
  );
  return { stdout: result.stdout, heavy };
}

beforeAll(ensureBuilt, BUILD_HOOK_MS);

describe("the manifest cache", () => {
  it("lets a second --list and --help run without TypeScript or tsx", async () => {
    const file = copyFixture("imports");
    const cache = tempDir("dk-cache-");
    const cold = await heavyModules(["-f", file, "--list"], cache);
    expect(cold.heavy).toEqual(["/typescript/"]);
    const warm = await heavyModules(["-f", file, "--list"], cache);
    expect(warm.heavy).toEqual([]);
    expect(warm.stdout).toBe(cold.stdout);
    expect((await heavyModules(["-f", file, "greet", "--help"], cache)).heavy).toEqual([]);
    expect((await heavyModules(["-f", file, "--list", "--json"], cache)).heavy).toEqual([]);
  });

  it("runs a task without TypeScript or tsx when nothing changed", async () => {
    const file = copyFixture("imports");
    const cache = tempDir("dk-cache-");
    await dk(["-f", file, "greet", "--name", "bob"], { cache });
    const run = await heavyModules(["-f", file, "greet", "--name", "ann"], cache);
    expect(run).toEqual({ stdout: "hello ann (low)\n", heavy: [] });
  });

  it("picks up an edit to tasks.ts at once", async () => {
    const file = copyFixture("imports");
    const cache = tempDir("dk-cache-");
    expect((await dk(["-f", file], { cache })).stdout).toContain("  greet  Greets someone.\n");
    writeFileSync(file, `${readFileSync(file, "utf8")}\n/** Says bye. */\nexport function bye() {}\n`);
    const after = await dk(["-f", file], { cache });
    expect(after.stdout).toContain("  greet  Greets someone.\n  bye    Says bye.\n");
  });

  it("picks up an edit to a locally imported file at once", async () => {
    const file = copyFixture("imports");
    const cache = tempDir("dk-cache-");
    const types = join(dirname(file), "lib", "options.ts");
    expect((await dk(["-f", file, "greet", "--help"], { cache })).stdout).toContain("--level <low|high>");
    writeFileSync(types, readFileSync(types, "utf8").replace('"low" | "high"', '"low" | "high" | "max"'));
    const help = await dk(["-f", file, "greet", "--help"], { cache });
    expect(help.stdout).toContain("--level <low|high|max>");
    expect((await dk(["-f", file, "greet", "--name", "x", "--level", "max"], { cache })).stdout).toBe(
      "hello x (max)\n",
    );
  });

  it("stamps anew what a touch moved (content unchanged) once, so later runs read none of it", async () => {
    const file = copyFixture("imports");
    const cache = tempDir("dk-cache-");
    const run = () => dk(["--debug", "-f", file, "greet", "--name", "a"], { cache });
    const { record } = compiledModule(await run());
    const recorded = () =>
      (JSON.parse(readFileSync(record, "utf8")) as Manifest).inputs.find((input) => input.path === "tasks.ts")!.stamp;
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    const now = () => {
      const stats = statSync(file, { bigint: true });
      return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
    };
    expect(recorded()).not.toBe(now());
    // The touch set its change time to now: a stamp is only taken once times are two seconds old.
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const first = await run();
    expect(first.stdout).toBe("hello a (low)\n");
    expect(first.stderr).toMatch(/dk: cache hit: \S+ \(restamped\)\n/);
    expect(recorded()).toBe(now());
    const second = await run();
    expect(second.stderr).toContain("dk: cache hit: ");
    expect(second.stderr).not.toContain("restamped");
  });

  it("keeps working when the cache cannot be written", async () => {
    const file = copyFixture("imports");
    const cache = join(tempDir(), "file-not-dir");
    writeFileSync(cache, "");
    const result = await dk(["-f", file, "--debug", "--list"], { cache });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("greet");
    expect(result.stderr).toContain(
      `dk: warning: not using the cache in ${cache}: ${cache} is not a directory; ` +
        "set DK_CACHE_DIR to a directory only you can write\n",
    );
    rmSync(cache);
  });

  it("writes nothing next to the tasks file", async () => {
    const file = copyFixture("imports");
    const cache = tempDir("dk-cache-");
    await dk(["-f", file], { cache });
    const manifest = (await import("node:fs")).readdirSync(cache).find((name) => name.endsWith(".json"));
    expect(readFileSync(join(cache, manifest!), "utf8")).toContain('"tasks"');
    expect((await import("node:fs")).readdirSync(dirname(file)).sort()).toEqual(["lib", "tasks.ts"]);
  });
});
