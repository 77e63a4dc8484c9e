import { mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { escapeRegExp } from "./helpers/escape.ts";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { tempDir } from "./helpers/paths.ts";
import { packagePaths, userProject, writeFiles } from "./helpers/project.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

// A project with @deploykit/core in its node_modules (or none at all).
const project = (files: Record<string, string>, withNodeModules = true) =>
  userProject("dk-compile-", files, withNodeModules ? ["core"] : []);

const TASKS = `import { run } from "@deploykit/core";
import { where, fail } from "./lib/where.ts";
/** show */
export async function show() {
  console.log("tasks at " + import.meta.url);
  console.log("lib at " + where);
  await run("echo ran", { echo: false });
}
/** boom */
export function boom() {
  fail();
}
`;
const LIB = (word: string) => `export const where: string = import.meta.url + " ${word}";
export function fail(): never {
  throw new Error("failed in lib");
}
`;

describe("the tasks file is compiled once and run without loader hooks", () => {
  it("compiles, then reuses the compiled module until an input changes", async () => {
    const dir = project({ "tasks.ts": TASKS, "lib/where.ts": LIB("one") });
    const file = join(dir, "tasks.ts");
    const first = await dk(["-f", file, "--debug", "show"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/dk: tasks file: compiled to \S+\/modules\/\w+\.mjs\n/);
    expect(first.stderr).not.toContain("through tsx");
    // Each file keeps its own import.meta.url, not the compiled module's.
    expect(first.stdout).toContain(`tasks at ${pathToFileURL(file).href}\n`);
    expect(first.stdout).toContain(`lib at ${pathToFileURL(join(dir, "lib", "where.ts")).href} one\n`);
    expect(first.stdout).toContain("ran\n");

    const second = await dk(["-f", file, "--debug", "show"]);
    expect(second.stderr).toMatch(/dk: tasks file: compiled module .* \(cached\)\n/);
    expect(second.stdout).toContain(" one\n");

    writeFiles(dir, { "lib/where.ts": LIB("two") });
    const third = await dk(["-f", file, "--debug", "show"]);
    expect(third.stderr).toContain("dk: tasks file: compiled to ");
    expect(third.stdout).toContain(" two\n");
  });

  it("recompiles when a JSON file it imports changes, and when a text file read by esbuild changes", async () => {
    const dir = project({
      "data.json": `{ "version": "1.2.3" }\n`,
      "notes.txt": "first",
      "tasks.ts":
        `import data from "./data.json" with { type: "json" };\n` +
        `// @ts-ignore: esbuild's text loader\nimport notes from "./notes.txt";\n` +
        `/** build */\nexport function build() {\n  console.log("build " + data.version + " " + notes);\n}\n`,
    });
    const file = join(dir, "tasks.ts");
    const run = () => dk(["-f", file, "--debug", "build"]);
    const first = await run();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe("build 1.2.3 first\n");
    expect((await run()).stderr).toMatch(/dk: tasks file: compiled module .* \(cached\)\n/);

    writeFiles(dir, { "data.json": `{ "version": "9.9.9" }\n` });
    const json = await run();
    expect(json.stderr).toContain("dk: tasks file: compiled to ");
    expect(json.stdout).toBe("build 9.9.9 first\n");

    writeFiles(dir, { "notes.txt": "again" });
    const text = await run();
    expect(text.stderr).toContain("dk: tasks file: compiled to ");
    expect(text.stdout).toBe("build 9.9.9 again\n");
  });

  it("points stack traces at the TypeScript source", async () => {
    const dir = project({ "tasks.ts": TASKS, "lib/where.ts": LIB("one") });
    const result = await dk(["-f", join(dir, "tasks.ts"), "--debug", "boom"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`at fail (${join(dir, "lib", "where.ts")}:3:9)`);
    expect(result.stderr).toContain(`at boom (${join(dir, "tasks.ts")}:11:3)`);
  });

  it("compiles in a package that ships TypeScript, whose own imports resolve from its directory", async () => {
    const dir = project({
      "tasks.ts":
        `import { shout } from "ts-package";\n/** loud */\n` +
        `export function loud() {\n  console.log(shout("hi"));\n}\n`,
      "node_modules/ts-package/package.json": JSON.stringify({
        name: "ts-package",
        type: "module",
        exports: "./index.ts",
      }),
      "node_modules/ts-package/index.ts":
        `import pc from "picocolors";\n` +
        `export const shout = (text: string): string => pc.bold(text).toUpperCase();\n`,
    });
    // Its dependency is in its own node_modules, where the project's could not find it.
    mkdirSync(join(dir, "node_modules", "ts-package", "node_modules"));
    symlinkSync(
      join(packagePaths.core, "node_modules", "picocolors"),
      join(dir, "node_modules", "ts-package", "node_modules", "picocolors"),
    );
    const result = await dk(["-f", join(dir, "tasks.ts"), "--debug", "loud"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe("HI\n");
    expect(result.stderr).not.toContain("through tsx");
  });

  it("applies tsconfig.json above the file and what it extends; recompiles when they change or appear", async () => {
    // Legacy decorators (experimentalDecorators) get 3 arguments, standard ones 2: which one ran shows the setting.
    const decorated =
      `function count(...args: unknown[]) {\n  console.log("decorator arguments " + args.length);\n}\n` +
      `class Decorated {\n  @count method() {}\n}\n` +
      `/** show */\nexport function show() {\n  console.log(new Decorated() instanceof Decorated);\n}\n`;
    const dir = project({ "tasks.ts": decorated });
    const file = join(dir, "tasks.ts");
    const run = () => dk(["-f", file, "--debug", "show"]);
    const standard = await run();
    expect(standard.code, standard.stderr).toBe(0);
    expect(standard.stdout).toContain("decorator arguments 2\n");

    writeFiles(dir, {
      "tsconfig.base.json":
        `{\n  // comments and trailing commas, as tsc allows\n` +
        `  "compilerOptions": { "experimentalDecorators": true, },\n}\n`,
      "tsconfig.json": `{ "extends": "./tsconfig.base.json" }\n`,
    });
    const legacy = await run();
    expect(legacy.code, legacy.stderr).toBe(0);
    expect(legacy.stderr).toContain("dk: tasks file: compiled to ");
    expect(legacy.stderr).not.toContain("through tsx");
    expect(legacy.stdout).toContain("decorator arguments 3\n");

    writeFiles(dir, { "tsconfig.base.json": `{ "compilerOptions": { "experimentalDecorators": false } }\n` });
    const again = await run();
    expect(again.stderr).toContain("dk: tasks file: compiled to ");
    expect(again.stdout).toContain("decorator arguments 2\n");
  });

  it("compiles a tasks file that starts with a hashbang, keeping its line numbers", async () => {
    const dir = project({
      "tasks.ts":
        `#!/usr/bin/env -S npx dk -f\n/** where */\nexport function where() {\n` +
        `  console.log(import.meta.url + " " + new Error().stack?.split("\\n")[1]?.trim());\n}\n`,
    });
    const file = join(dir, "tasks.ts");
    const result = await dk(["-f", file, "--debug", "where"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain("through tsx");
    expect(result.stdout).toMatch(
      new RegExp(`^${escapeRegExp(pathToFileURL(file).href)} at where \\(${escapeRegExp(file)}:4:\\d+\\)\\n$`),
    );
  });

  it("falls back to tsx when the compiled module cannot load, and forgets it", async () => {
    const dir = project({
      "tasks.ts":
        `import missing from "no-such-package-dk";\n/** x */\n` +
        `export function use() {\n  console.log(missing);\n}\n`,
    });
    const cache = tempDir("dk-cache-");
    const result = await dk(["-f", join(dir, "tasks.ts"), "--debug", "use"], { cache });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "dk: tasks file: compiled module did not load (Cannot find package 'no-such-package-dk'",
    );
    expect(result.stderr).toContain("dk: tasks file: loading through tsx");
    expect(result.stderr).toMatch(/no-such-package-dk.*\(while loading the tasks file\)/);
    expect(readdirSync(join(cache, "modules"))).toEqual([]);
  });

  it("refuses an import of a name its file does not export, where it is, and does not run it through tsx", async () => {
    const dir = project({
      "lib/ok.ts": `export const present = 1;\nexport type Shape = { a: number };\n`,
      "tasks.ts":
        `import { present, missing } from "./lib/ok.ts";\nimport type { Shape } from "./lib/ok.ts";\n` +
        `/** x */\nexport function use() {\n  const s: Shape = { a: present };\n` +
        `  console.log("ran", missing, s.a);\n}\n`,
    });
    const file = join(dir, "tasks.ts");
    const result = await dk(["-f", file, "--debug", "use"]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).not.toContain("ran");
    expect(result.stderr).not.toContain("through tsx");
    expect(result.stderr).toContain(
      `dk: ${file}:1:19: No matching export in "lib/ok.ts" for import "missing" (while loading the tasks file): ` +
        "export the name there, or correct the import\n",
    );
  });

  it("compiles a tasks file with no node_modules above it, and writes nothing beside it", async () => {
    const dir = project(
      { "tasks.ts": `/** x */\nexport function plain() {\n  console.log("plain " + import.meta.url);\n}\n` },
      false,
    );
    const result = await dk(["-f", join(dir, "tasks.ts"), "--debug", "plain"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`plain ${pathToFileURL(join(dir, "tasks.ts")).href}\n`);
    expect(result.stderr).toContain("dk: tasks file: compiled to ");
    expect(readdirSync(dir)).toEqual(["tasks.ts"]);
  });
});
