import { chmodSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { tempDir } from "./helpers/paths.ts";
import { userProject } from "./helpers/project.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

// Top-level await: an ES module runs it; CommonJS (tsx's form of a .ts file outside a "type": "module" package) cannot.
const TASKS = `const cfg = await Promise.resolve({ x: 1 });
if (process.env.DK_FIXTURE_EXIT) process.exit(Number(process.env.DK_FIXTURE_EXIT));
export function a() {
  console.log("a", cfg.x);
}
`;

// A cache dir dk refuses (others can write it), as under \`sudo dk\` with HOME still the user's.
function refusedCache(): string {
  const dir = join(tempDir("dk-shared-"), "cache");
  mkdirSync(dir);
  chmodSync(dir, 0o777);
  return dir;
}

describe("dk without a usable cache dir", () => {
  it("compiles the tasks file for this run alone: top-level await works, and nothing is left behind", async () => {
    const file = join(userProject("dk-no-cache-", { "tasks.ts": TASKS }), "tasks.ts");
    const tmp = tempDir("dk-tmp-");
    const result = await dk(["-f", file, "a"], { cache: refusedCache(), env: { TMPDIR: tmp } });
    expect(result).toMatchObject({ code: 0, stdout: "a 1\n" });
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("removes its compiled module also when the tasks file exits during its top-level await", async () => {
    const file = join(userProject("dk-no-cache-", { "tasks.ts": TASKS }), "tasks.ts");
    const tmp = tempDir("dk-tmp-");
    const env = { TMPDIR: tmp, DK_FIXTURE_EXIT: "4" };
    const result = await dk(["-f", file, "a"], { cache: refusedCache(), env });
    expect(result.code).toBe(4);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("with no private temporary dir either, says why tsx could not load it", async () => {
    const file = join(userProject("dk-no-cache-", { "tasks.ts": TASKS }), "tasks.ts");
    const tmp = tempDir("dk-tmp-");
    chmodSync(tmp, 0o777);
    const cache = refusedCache();
    const result = await dk(["-f", file, "a"], { cache, env: { TMPDIR: tmp } });
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toBe(
      `dk: warning: not using the cache in ${cache}: ${cache} is writable by others (mode 777); ` +
        "set DK_CACHE_DIR to a directory only you can write\n" +
        `dk: ${file}:1:13: TransformError: Top-level await is currently not supported with the "cjs" output format` +
        " (while loading the tasks file)\n",
    );
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("warns once why it does not use the cache, without --debug too; completion stays quiet", async () => {
    // Each such run extracts and compiles the tasks file again (seconds instead of a fraction): it was said only
    // under --debug, so a shared or misplaced DK_CACHE_DIR slowed every run without a word.
    const file = join(userProject("dk-no-cache-", { "tasks.ts": TASKS }), "tasks.ts");
    const cache = refusedCache();
    const result = await dk(["-f", file, "a"], { cache, env: { TMPDIR: tempDir("dk-tmp-") } });
    expect(result).toMatchObject({ code: 0, stdout: "a 1\n" });
    expect(result.stderr).toBe(
      `dk: warning: not using the cache in ${cache}: ${cache} is writable by others (mode 777); ` +
        "set DK_CACHE_DIR to a directory only you can write\n",
    );
    const complete = await dk(["__complete"], { cache, cwd: dirname(file) });
    expect(complete).toMatchObject({ code: 0, stderr: "" });
    expect(complete.stdout.split("\n")).toContain("a");
  });

  it("under --debug says once why it does not use the cache, which each manifest and the module meet", async () => {
    const file = join(userProject("dk-no-cache-", { "tasks.ts": TASKS }), "tasks.ts");
    const cache = refusedCache();
    const result = await dk(["-f", file, "--debug", "a"], { cache, env: { TMPDIR: tempDir("dk-tmp-") } });
    expect(result).toMatchObject({ code: 0, stdout: "a 1\n" });
    expect(result.stderr.split("\n").filter((line) => line.includes("not using the cache"))).toEqual([
      `dk: warning: not using the cache in ${cache}: ${cache} is writable by others (mode 777); ` +
        "set DK_CACHE_DIR to a directory only you can write",
    ]);
  });

  it("makes nothing in a cache dir it refuses, nor in one it would make there", async () => {
    const file = join(userProject("dk-no-cache-", { "tasks.ts": TASKS }), "tasks.ts");
    const cache = refusedCache();
    const env = { TMPDIR: tempDir("dk-tmp-") };
    const runs = [
      await dk(["-f", file, "a"], { cache, env }),
      await dk(["-f", file, "a"], { cache: join(cache, "sub", "dk"), env }),
    ];
    expect(runs.map(({ code, stdout }) => ({ code, stdout }))).toEqual([
      { code: 0, stdout: "a 1\n" },
      { code: 0, stdout: "a 1\n" },
    ]);
    expect(readdirSync(cache)).toEqual([]);
  });

  it("in a dir no mkdir can make (/proc), says so and runs: Node's recursive mkdir spun there forever", async () => {
    const file = join(userProject("dk-no-cache-", { "tasks.ts": TASKS }), "tasks.ts");
    const cache = join("/proc", "dk-cache", "dk");
    const env = { TMPDIR: tempDir("dk-tmp-") };
    // Generous for a slow machine, far below forever; a run takes about a second.
    const result = await dk(["-f", file, "--debug", "a"], { cache, env, timeoutMs: 60_000 });
    expect(result).toMatchObject({ code: 0, stdout: "a 1\n" });
    expect(result.stderr.split("\n").filter((line) => line.includes("not using the cache"))).toEqual([
      `dk: warning: not using the cache in ${cache}: cannot make /proc/dk-cache (ENOENT); ` +
        "set DK_CACHE_DIR to a directory only you can write",
    ]);
  }, 90_000);

  it("below a regular file, says so and runs: dk crashed with an internal ENOTDIR", async () => {
    const file = join(userProject("dk-no-cache-", { "tasks.ts": TASKS }), "tasks.ts");
    const plain = join(tempDir("dk-plain-"), "file");
    writeFileSync(plain, "not a directory\n");
    const cache = join(plain, "dk");
    const result = await dk(["-f", file, "--debug", "a"], { cache, env: { TMPDIR: tempDir("dk-tmp-") } });
    expect(result).toMatchObject({ code: 0, stdout: "a 1\n" });
    expect(result.stderr.split("\n").filter((line) => line.includes("not using the cache"))).toEqual([
      `dk: warning: not using the cache in ${cache}: ${plain} is not a directory; ` +
        "set DK_CACHE_DIR to a directory only you can write",
    ]);
  });

  it("imports the tasks file once for all the tasks of a chain, which share its state", async () => {
    const tasks = [
      'console.log("loaded");',
      "let calls = 0;",
      'export function a() {\n  console.log("a", ++calls);\n}',
      'export function b() {\n  console.log("b", ++calls);\n}',
      "",
    ].join("\n");
    const file = join(userProject("dk-no-cache-", { "tasks.ts": tasks }), "tasks.ts");
    const result = await dk(["-f", file, "a", "b"], { cache: refusedCache(), env: { TMPDIR: tempDir("dk-tmp-") } });
    expect(result).toMatchObject({ code: 0, stdout: "loaded\na 1\nb 2\n" });
  });
});
