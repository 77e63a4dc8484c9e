import { readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { fixture, tempDir } from "./helpers/paths.ts";
import { userProject } from "./helpers/project.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

// A tasks.ts that cannot be a fixture file: it would break the repo's typecheck.
function syntaxError(): string {
  const file = join(tempDir(), "tasks.ts");
  writeFileSync(file, "export function a() {}\n\nexport function b( {\n  return 1;\n");
  return file;
}

describe("a broken tasks file: exit 1, naming the file and line", () => {
  it("does not compile", async () => {
    const file = syntaxError();
    for (const args of [["--list"], ["a"], ["a", "--help"]]) {
      const result = await dk(["-f", file, ...args]);
      expect(result).toMatchObject({ code: 1, stdout: "" });
      expect(result.stderr).toMatch(new RegExp(`^dk: ${file}:4:10: syntax error: .+\\n$`));
    }
  });

  it("throws while being imported", async () => {
    const file = fixture("throws");
    const result = await dk(["-f", file, "serve"]);
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toBe(`dk: ${file}:5:9: DK_FIXTURE_PORT must be a number (while loading the tasks file)\n`);
  });

  it("has a property that cannot be a flag: that task alone is refused, and the list marks it", async () => {
    const file = fixture("bad-type");
    const problem =
      `${file}:9:3: task "nested", property "ssh": its type \`{ port: number; }\` cannot be a flag: ` +
      "nested objects cannot be flags; use string, number, boolean, " +
      "a union of string literals, string[] or number[]\n";
    for (const args of [["nested"], ["nested", "--help"], ["good", "nested"]]) {
      const result = await dk(["-f", file, ...args]);
      expect(result).toMatchObject({ code: 1, stdout: "" });
      expect(result.stderr).toBe(`dk: ${problem}`);
    }
    expect(await dk(["-f", file, "good", "--name", "x"])).toMatchObject({ code: 0, stderr: "" });
    const list = await dk(["-f", file, "--list"], { cwd: dirname(file) });
    expect(list).toMatchObject({ code: 0, stderr: "" });
    expect(list.stdout).toMatch(
      /^ {2}good {4}Fine\.\n {2}nested {2}Has a nested object\. \[cannot run: see below\]\n/m,
    );
    expect(list.stdout).toContain(
      `Tasks that cannot run until these are fixed:\n  tasks.ts${problem.slice(file.length)}`,
    );
  });

  it("says every problem of the file at once: in the list, and each broken task's own when named", async () => {
    const dir = userProject("dk-problems-", {
      "tasks.ts":
        "export function a(o: { at: Date; n: bigint }) {}\n" +
        "/** @pre c */\nexport function b() {}\n" +
        "export function c(o: { deep: { x: string } }) {}\n" +
        'export function d() { console.log("d ran"); }\n',
    });
    const list = await dk(["--list"], { cwd: dir });
    const shown = list.stdout.split("Tasks that cannot run until these are fixed:\n")[1]!.split("\n\n")[0]!;
    expect(shown.split("\n").map((line) => line.replace(/: task "(\w)", property "(\w+)".*/, " $1.$2"))).toEqual([
      "  tasks.ts:1:24 a.at",
      "  tasks.ts:1:34 a.n",
      "  tasks.ts:4:24 c.deep",
    ]);
    const a = await dk(["a"], { cwd: dir });
    expect(a.code).toBe(1);
    expect(a.stderr.trimEnd().split("\n")).toEqual([
      expect.stringMatching(/^dk: \/.*tasks\.ts:1:24: task "a", property "at": `Date` cannot be a flag/),
      expect.stringMatching(/^dk: \/.*tasks\.ts:1:34: task "a", property "n": its type `bigint` cannot be a flag/),
    ]);
    const b = await dk(["b"], { cwd: dir });
    expect(b).toMatchObject({ code: 1, stdout: "" });
    expect(b.stderr).toMatch(
      /^dk: \/.*tasks\.ts: task "c", pre-task of b, cannot run:\ndk: \/.*tasks\.ts:4:24: task "c"/,
    );
    expect(await dk(["d"], { cwd: dir })).toMatchObject({ code: 0, stdout: "d ran\n", stderr: "" });
  });

  it("imports a package that is not installed: where, also in a CommonJS package with top-level await", async () => {
    const dir = userProject("dk-missing-", {
      "package.json": JSON.stringify({ type: "commonjs" }),
      "lib.ts": 'export const a = 1;\nimport "not-installed-pkg/sub";\n',
      "tasks.ts": 'import { a } from "./lib.ts";\nconst b = await Promise.resolve(a);\nexport function t() {}\n',
    });
    const result = await dk(["-f", join(dir, "tasks.ts"), "t"]);
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toBe(
      `dk: ${dir}/lib.ts:2:8: Cannot find package 'not-installed-pkg' (while loading the tasks file); ` +
        "install it in the project, or correct the import\n",
    );
  });

  it("imports a file that does not exist: where", async () => {
    const dir = userProject("dk-nofile-", {
      "tasks.ts": 'import { a } from "./nofile.ts";\nexport function t() {\n  return a;\n}\n',
    });
    const result = await dk(["-f", join(dir, "tasks.ts"), "t"]);
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toBe(
      `dk: ${dir}/tasks.ts:1:19: Could not resolve "./nofile.ts" (while loading the tasks file)\n`,
    );
  });

  it("runs the other tasks when the project config gives flags of the broken one", async () => {
    const dir = userProject("dk-broken-config-", {
      "tasks.ts":
        'export function a(o: { at: Date; zone?: string }) {}\nexport function b() { console.log("b ran"); }\n',
      "dk.config.json": JSON.stringify({ flags: { zone: "UTC" }, tasks: { a: { zone: "UTC", at: "noon" } } }),
    });
    expect(await dk(["b"], { cwd: dir })).toMatchObject({ code: 0, stdout: "b ran\n", stderr: "" });
    expect((await dk(["a"], { cwd: dir })).stderr).toMatch(/property "at": `Date` cannot be a flag/);
  });

  it("keeps a broken task in the cache, private, until the file is fixed", async () => {
    const dir = userProject("dk-broken-cache-", {
      "tasks.ts": "export function a(o: { at: Date }) {}\nexport function b() {}\n",
    });
    const cache = tempDir("dk-cache-");
    const first = await dk(["a", "--debug"], { cwd: dir, cache });
    const second = await dk(["a", "--debug"], { cwd: dir, cache });
    expect(first.stderr).toContain("cache miss");
    expect(second.stderr).toContain("cache hit");
    for (const result of [first, second]) {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/tasks\.ts:1:24: task "a", property "at": `Date` cannot be a flag/);
    }
    const files = readdirSync(cache).filter((name) => name.endsWith(".json"));
    for (const name of files) expect(statSync(join(cache, name)).mode & 0o777).toBe(0o600);
    writeFileSync(join(dir, "tasks.ts"), 'export function a(o: { at: string }) { console.log("at", o.at); }\n');
    expect(await dk(["a", "--at", "noon"], { cwd: dir, cache })).toMatchObject({ code: 0, stdout: "at noon\n" });
  });

  it("reports the same error from the cache, without recompiling", async () => {
    const file = syntaxError();
    const cache = tempDir("dk-cache-");
    const first = await dk(["-f", file, "--debug"], { cache });
    const second = await dk(["-f", file, "--debug"], { cache });
    expect(first.stderr).toContain("cache miss");
    expect(second.stderr).toContain("cache hit");
    expect(second.code).toBe(1);
  });
});
