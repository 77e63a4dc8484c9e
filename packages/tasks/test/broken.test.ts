import { writeFileSync } from "node:fs";
import { join } from "node:path";
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

  it("has a property that cannot be a flag", async () => {
    const file = fixture("bad-type");
    const result = await dk(["-f", file, "good"]);
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toBe(
      `dk: ${file}:9:3: task "nested", property "ssh": its type \`{ port: number; }\` cannot be a flag: ` +
        "nested objects cannot be flags; use string, number, boolean, " +
        "a union of string literals, string[] or number[]\n",
    );
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
