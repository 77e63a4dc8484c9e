import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { extract } from "./helpers/extract.ts";
import { userProject, writeFiles } from "./helpers/project.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

// Two modules of flags: which one an import reached shows in the task's flags and in what it prints.
const OPTS = (flag: string, value: string) =>
  `export type Opts = { ${flag}?: string };\nexport const V = "${value}";\n`;
const SHOW = (specifier: string) =>
  `import { V, type Opts } from "${specifier}";\n` +
  `/** show */\nexport function show(o: Opts) {\n  console.log(V + " " + JSON.stringify(o));\n}\n`;
const TSCONFIG = (options: object) =>
  JSON.stringify({
    compilerOptions: { module: "nodenext", allowImportingTsExtensions: true, noEmit: true, ...options },
  });

describe("imports are resolved as the project says, and what decided a resolution is an input", () => {
  it("reads and runs again when package.json maps a #import elsewhere", async () => {
    const dir = userProject("dk-imports-", {
      "package.json": JSON.stringify({ type: "module", imports: { "#opts": "./a.ts" } }),
      "a.ts": OPTS("alpha", "A"),
      "b.ts": OPTS("beta", "B"),
      "tasks.ts": SHOW("#opts"),
    });
    const run = (...args: string[]) => dk(["-f", join(dir, "tasks.ts"), "show", ...args]);
    const a = await run("--alpha", "1");
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toBe('A {"alpha":"1"}\n');

    writeFiles(dir, { "package.json": JSON.stringify({ type: "module", imports: { "#opts": "./b.ts" } }) });
    const b = await run("--beta", "1");
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toBe('B {"beta":"1"}\n');
    const old = await run("--alpha", "1");
    expect(old.code).toBe(2);
    expect(old.stderr).toContain("unknown flag --alpha");
  });

  it.each([
    ["without baseUrl", { paths: { "@shared/*": ["./src/shared/*"] } }, { paths: { "@shared/*": ["./lib/*"] } }],
    [
      "with baseUrl",
      { baseUrl: ".", paths: { "@shared/*": ["src/shared/*"] } },
      { baseUrl: "lib", paths: { "@shared/*": ["*"] } },
    ],
  ])("reads flag types through tsconfig paths (%s), and again when they change", async (_, before, after) => {
    const dir = userProject("dk-paths-", {
      "package.json": JSON.stringify({ type: "module" }),
      "tsconfig.json": TSCONFIG(before),
      "src/shared/opts.ts": OPTS("alpha", "A"),
      "lib/opts.ts": OPTS("beta", "L"),
      "tasks.ts": SHOW("@shared/opts.ts"),
    });
    const run = (...args: string[]) => dk(["-f", join(dir, "tasks.ts"), "show", ...args]);
    const a = await run("--alpha", "1");
    expect(a.stderr).toBe("");
    expect(a.stdout).toBe('A {"alpha":"1"}\n');

    writeFiles(dir, { "tsconfig.json": TSCONFIG(after) });
    const l = await run("--beta", "1");
    expect(l.stderr).toBe("");
    expect(l.stdout).toBe('L {"beta":"1"}\n');
  });

  it("runs a tasks file importing JSON through a paths alias and from a package, and sees it change", async () => {
    const dir = userProject("dk-json-", {
      "package.json": JSON.stringify({ type: "module" }),
      "tsconfig.json": TSCONFIG({ paths: { "@data/*": ["./data/*"] }, resolveJsonModule: true }),
      "data/site.json": JSON.stringify({ port: 8080 }),
      "node_modules/facts/package.json": JSON.stringify({ name: "facts", version: "1.2.3" }),
      "tasks.ts":
        'import site from "@data/site.json";\nimport facts from "facts/package.json";\n' +
        "export function show() {\n  console.log(site.port, facts.version);\n}\n",
    });
    const run = () => dk(["-f", join(dir, "tasks.ts"), "show"]);
    const first = await run();
    expect(first.stderr).toBe("");
    expect(first.stdout).toBe("8080 1.2.3\n");
    writeFiles(dir, { "data/site.json": JSON.stringify({ port: 9090 }) });
    expect((await run()).stdout).toBe("9090 1.2.3\n");
  });

  it.each([
    ["without a tsconfig", {}],
    [
      "under moduleResolution node",
      { "tsconfig.json": JSON.stringify({ compilerOptions: { moduleResolution: "node" } }) },
    ],
    [
      "through paths, under moduleResolution node",
      { "tsconfig.json": JSON.stringify({ compilerOptions: { moduleResolution: "node", paths: { "@/*": ["./*"] } } }) },
    ],
  ])("reads flag types from ./opts and ./dir without extensions in an ES module package (%s)", (label, config) => {
    const from = label.startsWith("through paths") ? "@/" : "./";
    const read = extract({
      "tasks.ts": SHOW(`${from}opts`) + `import type { More } from "${from}more";\nexport function more(o: More) {}\n`,
      "package.json": JSON.stringify({ type: "module" }),
      "opts.ts": OPTS("alpha", "A"),
      "more/index.ts": "export type More = { beta?: number };\n",
      ...config,
    });
    expect(read.problem).toBeUndefined();
    expect(read.tasks.map((task) => [task.name, task.flags.map((flag) => flag.name)])).toEqual([
      ["show", ["alpha"]],
      ["more", ["beta"]],
    ]);
  });

  it("reads paths from the config a tsconfig.json extends, and records both as inputs", () => {
    const read = extract({
      "tasks.ts": SHOW("@shared/opts.ts"),
      "src/shared/opts.ts": OPTS("alpha", "A"),
      "config/base.json": JSON.stringify({ compilerOptions: { paths: { "@shared/*": ["../src/shared/*"] } } }),
      "tsconfig.json": JSON.stringify({
        extends: "./config/base.json",
        compilerOptions: { moduleResolution: "bundler" },
      }),
    });
    expect(read.problem).toBeUndefined();
    expect(read.tasks[0]?.flags.map((flag) => flag.name)).toEqual(["alpha"]);
    for (const name of ["tsconfig.json", "config/base.json", "src/shared/opts.ts", "jsconfig.json"]) {
      expect(read.inputs).toContain(join(read.dir, name));
    }
  });
});
