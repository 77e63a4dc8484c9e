import { chmodSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { tempDir } from "./helpers/paths.ts";
import { userProject } from "./helpers/project.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

// A specifier esbuild cannot read ahead of time, as one computed at run time.
const PICK = `const pick = (name: string): string => name;\n`;

const FILES = {
  "package.json": `{ "type": "module" }\n`,
  // A package with another file for require: `import` must get its "import" one.
  "node_modules/dual/package.json": JSON.stringify({
    name: "dual",
    exports: { ".": { import: "./esm.mjs", require: "./cjs.cjs" } },
  }),
  "node_modules/dual/esm.mjs": `export const kind = "import";\n`,
  "node_modules/dual/cjs.cjs": `exports.kind = "require";\n`,
  "data.json": `{ "from": "data.json" }\n`,
  "plain.mjs": `export const where = "plain.mjs";\n`,
  "dyn.ts": `export const where: string = "dyn.ts, its data at " + import.meta.resolve("./data.json");\n`,
  "tasks.ts":
    PICK +
    `import { fromLib } from "./lib/nested.ts";
export async function show() {
  console.log("resolve " + import.meta.resolve("./data.json"));
  console.log("package " + import.meta.resolve("dual"));
  console.log("mjs " + (await import(pick("./plain.mjs"))).where);
  console.log("ts " + (await import(pick("./dyn.ts"))).where);
  // Written for JavaScript, or without an extension, as TypeScript imports are: the same module.
  const [js, bare, ts] = await Promise.all(["./dyn.js", "./dyn", "./dyn.ts"].map((name) => import(name)));
  console.log("same " + (js === ts && bare === ts));
  console.log("package import " + (await import(pick("dual"))).kind);
  console.log("json " + (await import(pick("./data.json"), { with: { type: "json" } })).default.from);
  console.log("literal " + (await import("./lib/dyn.ts")).where);
  await fromLib();
}
export async function missing() {
  for (const specifier of ["./nowhere.js", "no-such-package"]) {
    await import(pick(specifier)).catch((error) => console.log(error.code + " " + error.message));
  }
}
`,
  "lib/nested.ts":
    PICK +
    `import common from "./common.cts";
export async function fromLib() {
  console.log("lib resolve " + import.meta.resolve("./data.json"));
  console.log("lib package " + import.meta.resolve("dual"));
  console.log("lib js " + (await import(pick("./plain.js"))).where);
  console.log("lib ts " + (await import(pick("./dyn.ts"))).where);
  console.log("lib cts " + (await common.load(pick("./plain.js"))).where + " " + common.dir);
}
`,
  "lib/common.cts": `exports.load = (name) => import(name);\nexports.dir = __dirname;\n`,
  "lib/plain.js": `export const where = "lib/plain.js";\n`,
  "lib/dyn.ts": `export const where: string = "lib/dyn.ts";\n`,
};

const expected = (dir: string) => {
  const url = (path: string) => pathToFileURL(join(dir, path)).href;
  return [
    `resolve ${url("data.json")}`,
    `package ${url("node_modules/dual/esm.mjs")}`,
    "mjs plain.mjs",
    `ts dyn.ts, its data at ${url("data.json")}`,
    "same true",
    "package import import",
    "json data.json",
    "literal lib/dyn.ts",
    `lib resolve ${url("lib/data.json")}`,
    `lib package ${url("node_modules/dual/esm.mjs")}`,
    "lib js lib/plain.js",
    "lib ts lib/dyn.ts",
    `lib cts lib/plain.js ${join(dir, "lib")}`,
    "",
  ].join("\n");
};

describe("import.meta.resolve(x) and import(x) in a compiled tasks file resolve from the file they are in", () => {
  it("resolves relative paths and packages, and imports .mjs, .js, JSON and .ts files, from each file", async () => {
    const dir = userProject("dk-dynamic-", FILES);
    const file = join(dir, "tasks.ts");
    const first = await dk(["-f", file, "--debug", "show"]);
    expect(first.stderr).not.toContain("through tsx");
    expect(first.stdout).toBe(expected(dir));
    expect(first.code, first.stderr).toBe(0);

    const second = await dk(["-f", file, "--debug", "show"]);
    expect(second.stderr).toMatch(/tasks file: compiled module .* \(cached\)\n/);
    expect(second.stderr).not.toContain("compiled to");
    expect(second.stdout).toBe(expected(dir));
  });

  it("says what was not found, imported from the user's file, with Node's code", async () => {
    const dir = userProject("dk-dynamic-", FILES);
    const file = join(dir, "tasks.ts");
    const result = await dk(["-f", file, "missing"]);
    expect(result.stdout).toBe(
      `ERR_MODULE_NOT_FOUND Cannot find module '${join(dir, "nowhere.js")}' imported from ${file}; correct the path\n` +
        `ERR_MODULE_NOT_FOUND Cannot find package 'no-such-package' imported from ${file}; ` +
        "install it in the project (its node_modules), or correct the name\n",
    );
  });

  it("without a usable cache, compiles an imported .ts file for the run alone and leaves nothing behind", async () => {
    const dir = userProject("dk-dynamic-", FILES);
    const cache = join(tempDir("dk-shared-"), "cache");
    mkdirSync(cache);
    chmodSync(cache, 0o777);
    const tmp = tempDir("dk-tmp-");
    const result = await dk(["-f", join(dir, "tasks.ts"), "--debug", "show"], { cache, env: { TMPDIR: tmp } });
    expect(result.stderr).not.toContain("through tsx");
    expect(result.stdout).toBe(expected(dir));
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("resolves packages under the conditions given to Node (--conditions in NODE_OPTIONS or its argv)", async () => {
    const dir = userProject("dk-dynamic-", {
      "package.json": FILES["package.json"],
      "node_modules/cond/package.json": JSON.stringify({
        name: "cond",
        exports: { dev: "./dev.js", default: "./def.js" },
      }),
      "node_modules/cond/dev.js": "",
      "node_modules/cond/def.js": "",
      "tasks.ts": `export function show() {\n  console.log(import.meta.resolve("cond"));\n}\n`,
    });
    const file = join(dir, "tasks.ts");
    const url = (name: string) => `${pathToFileURL(join(dir, "node_modules/cond", name)).href}\n`;
    expect((await dk(["-f", file, "show"])).stdout).toBe(url("def.js"));
    expect((await dk(["-f", file, "show"], { env: { NODE_OPTIONS: "--conditions=dev" } })).stdout).toBe(url("dev.js"));
    expect((await dk(["-f", file, "show"], { nodeArgs: ["-C", "dev"] })).stdout).toBe(url("dev.js"));
  });

  it("resolves require(x) and require.resolve(x) in a file of a subdirectory from that file", async () => {
    const dir = userProject("dk-dynamic-", {
      "data.json": `{ "from": "data.json" }\n`,
      "sub/data.json": `{ "from": "sub/data.json" }\n`,
      "sub/node_modules/only-sub/index.js": `module.exports = "only-sub";\n`,
      "tasks.ts":
        `import { fromSub } from "./sub/deep.ts";\nimport common from "./sub/common.cts";\n` +
        `export function show() {\n  console.log("top " + require.resolve("./data.json"));\n  fromSub();\n` +
        `  console.log("cts " + common.at + " " + common.load("./data.json").from);\n}\n`,
      "sub/deep.ts":
        PICK +
        `export function fromSub() {\n  console.log("sub " + require.resolve("./data.json"));\n` +
        `  console.log("sub " + require.resolve(pick("only-sub")) + " " + require(pick("only-sub")));\n` +
        `  console.log("sub " + require(pick("./data.json")).from);\n}\n`,
      "sub/common.cts": `exports.load = (name) => require(name);\nexports.at = require.resolve("./data.json");\n`,
    });
    const result = await dk(["-f", join(dir, "tasks.ts"), "--debug", "show"]);
    expect(result.stderr).not.toContain("through tsx");
    expect(result.stdout).toBe(
      [
        `top ${join(dir, "data.json")}`,
        `sub ${join(dir, "sub/data.json")}`,
        `sub ${join(dir, "sub/node_modules/only-sub/index.js")} only-sub`,
        "sub sub/data.json",
        `cts ${join(dir, "sub/data.json")} sub/data.json`,
        "",
      ].join("\n"),
    );
  });

  it("reports an import(x) failing at top level at its line, without running the file again under tsx", async () => {
    const dir = userProject("dk-dynamic-", {
      "package.json": FILES["package.json"],
      "tasks.ts":
        `console.log("top level ran");\nconst name = ["no", "such", "package"].join("-");\nawait import(name);\n` +
        `export function a() {}\n`,
    });
    const file = join(dir, "tasks.ts");
    const result = await dk(["-f", file, "--debug", "a"]);
    expect(result.stdout).toBe("top level ran\n");
    expect(result.stderr).not.toContain("through tsx");
    expect(result.stderr).toContain(`dk: ${file}:3:7: Cannot find package 'no-such-package' imported from ${file}; `);
    expect(result.code).toBe(1);
  });
});
