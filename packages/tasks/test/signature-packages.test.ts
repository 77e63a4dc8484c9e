import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extract } from "./helpers/extract.ts";

// A package shipping its TypeScript source under the `source` condition, as a workspace package or core does.
const PACKAGE = {
  "node_modules/pkg/package.json": JSON.stringify({
    name: "pkg",
    type: "module",
    exports: { ".": { source: "./src/index.ts", default: "./dist/index.js" } },
  }),
  "node_modules/pkg/src/index.ts": [
    "export type Opts = {",
    "  /** which mode */",
    '  mode?: "fast" | "safe";',
    "  retries?: number;",
    "};",
    'export const MODES = ["a", "b"] as const;',
    "export const LIMIT = 3;",
    'export const CHOICES = { MODES: ["a", "b"] as const };',
    "export type Task<T> = (options: T) => Promise<void>;",
    "export function helper(): number { return 1; }",
    'export class Conn { host = ""; }',
    'export { Inner as Renamed } from "./more.ts";',
    'export * from "./more.ts";',
    "export type Shadowed = { depth: number };",
    "/** From the package. */",
    "export function fromPkg(o: { level: number }) {}",
  ].join("\n"),
};
const PACKAGE_SOURCE = "node_modules/pkg/src/index.ts";
const MORE = {
  "node_modules/pkg/src/more.ts": [
    "export class Inner {}",
    "class Box<T> { value?: T }",
    "export { Box };",
    "export type Shape = { size: number };",
    "export class Shadowed {}",
  ].join("\n"),
};
// A package with declaration files only: the full read does not follow it either.
const TYPED_ONLY = {
  "node_modules/other/package.json": JSON.stringify({ name: "other", type: "module", types: "./index.d.ts" }),
  "node_modules/other/index.d.ts": "export type Foo = { a: string };\n",
};

function extractWith(tasks: string, more: Record<string, string> = {}) {
  const read = extract({ "tasks.ts": tasks, ...PACKAGE, ...MORE, ...TYPED_ONLY, ...more });
  const readPackage = read.inputs.includes(join(read.dir, PACKAGE_SOURCE));
  return { ...read, readPackage };
}

const MODE = { name: "mode", type: "string", choices: ["a", "b"] };
const OPTS_FLAGS = [
  { name: "mode", type: "string", choices: ["fast", "safe"], help: "which mode", required: false },
  { name: "retries", type: "number", required: false },
];

describe("extractTasks: a package's sources are read only when a signature or an export needs them", () => {
  it("reads local files alone when the package is only called in bodies, and lists only them as inputs", () => {
    const read = extractWith(
      'import { helper, LIMIT } from "pkg";\nexport function a(o: { n: number }) { helper(); return LIMIT; }\n',
    );
    expect(read.problem).toBeUndefined();
    expect(read.tasks).toMatchObject([{ name: "a", flags: [{ name: "n", type: "number" }] }]);
    expect(read.readPackage).toBe(false);
    expect(read.inputs.filter((input) => input.endsWith(".ts"))).toEqual([join(read.dir, "tasks.ts")]);
    // Where "pkg" leads was decided by its package.json, read or not.
    expect(read.inputs).toContain(join(read.dir, "node_modules/pkg/package.json"));
  });

  it("follows relative imports, namespace imports included, in the local read", () => {
    const read = extractWith('import * as lib from "./lib.ts";\nexport function a(o: lib.Local) {}\n', {
      "lib.ts": 'import { helper } from "pkg";\nexport type Local = { name: string };\nhelper();\n',
    });
    expect(read.tasks).toMatchObject([{ name: "a", flags: [{ name: "name", type: "string" }] }]);
    expect(read.readPackage).toBe(false);
  });

  const signatures: [string, string][] = [
    ["a flag type from the package", 'import type { Opts } from "pkg";\nexport function a(o: Opts) {}'],
    ["a mapped type over it", 'import type { Opts } from "pkg";\nexport function a(o: Omit<Opts, "x">) {}'],
    [
      "a local type that extends it",
      'import type { Opts } from "pkg";\ninterface Mine extends Opts {}\nexport function a(o: Mine) {}',
    ],
    [
      "a local alias of an alias of it",
      'import type { Opts } from "pkg";\ntype A = B;\ntype B = Partial<Opts>;\nexport function a(o: A) {}',
    ],
    [
      "the type from the function's context",
      'import type { Opts, Task } from "pkg";\nexport const a: Task<Opts> = async (o) => {};',
    ],
    [
      "an object's type from `satisfies`",
      'import type { Opts, Task } from "pkg";\n' +
        "export const ns = { a: async (o) => {} } satisfies Record<string, Task<Opts>>;",
    ],
  ];
  it.each(signatures)("reads the package for %s", (_, tasks) => {
    const read = extractWith(`${tasks}\n`);
    expect(read.problem).toBeUndefined();
    expect(read.tasks).toHaveLength(1);
    expect(read.tasks[0]!.flags).toMatchObject(OPTS_FLAGS);
    expect(read.readPackage).toBe(true);
  });

  it("reads the package for a flag typed from its values or a default taken from it", () => {
    const read = extractWith(
      'import { MODES, LIMIT } from "pkg";\n' +
        "export function a(o: { mode: (typeof MODES)[number] }) {}\n" +
        "export function b({ n = LIMIT }) {}\n",
    );
    expect(read.tasks).toMatchObject([
      { name: "a", flags: [MODE] },
      { name: "b", flags: [{ name: "n", type: "number", defaultText: "LIMIT" }] },
    ]);
    expect(read.readPackage).toBe(true);
  });

  it("reads the package for a flag typed from a name destructured from it", () => {
    const read = extractWith(
      'import { CHOICES } from "pkg";\nconst { MODES } = CHOICES;\n' +
        "export function a(o: { mode: (typeof MODES)[number] }) {}\n",
    );
    expect(read.tasks).toMatchObject([{ name: "a", flags: [MODE] }]);
    expect(read.readPackage).toBe(true);
  });

  const exports: [string, string, string][] = [
    ["export *", 'export * from "pkg";', "from-pkg"],
    ["a named re-export", 'export { fromPkg } from "pkg";', "from-pkg"],
    ["an export of an import", 'import { fromPkg } from "pkg";\nexport { fromPkg as again };', "again"],
    ["a const naming an import", 'import { fromPkg } from "pkg";\nexport const again = fromPkg;', "again"],
    ["an object holding an import", 'import { fromPkg } from "pkg";\nexport const ns = { fromPkg };', "ns.from-pkg"],
    ["a default export of an import", 'import { fromPkg } from "pkg";\nexport default fromPkg;', "from-pkg"],
  ];
  it.each(exports)("reads the package for %s, and finds its task", (_, tasks, name) => {
    const read = extractWith(`${tasks}\n`);
    expect(read.problem).toBeUndefined();
    const task = read.tasks.find((candidate) => candidate.name === name);
    expect(task).toMatchObject({ help: "From the package.", flags: [{ name: "level", type: "number" }] });
    expect(read.readPackage).toBe(true);
  });

  const classes: [string, string][] = [
    ["declared in its entry", "Conn"],
    ["renamed in a re-export", "Renamed"],
    ["reached through `export *`, with type arguments", "Box<string>"],
  ];
  it.each(classes)("skips a helper taking a package's class %s without reading the package", (_, type) => {
    const name = type.replace(/<.*/, "");
    const read = extractWith(`import type { ${name} } from "pkg";\nexport function helper(c: ${type}) {}\n`);
    expect(read.tasks).toEqual([]);
    expect(read.skipped).toMatchObject([{ name: "helper", reason: expect.stringContaining(`is \`${type}\`, not an`) }]);
    expect(read.readPackage).toBe(false);
  });

  const objects: [string, string, string][] = [
    ["reached through `export *`", "Shape", "size"],
    ["that an `export *` class of the same name does not shadow", "Shadowed", "depth"],
  ];
  it.each(objects)("reads the package for an object type %s: it is flags", (_, type, flag) => {
    const read = extractWith(`import type { ${type} } from "pkg";\nexport function a(o: ${type}) {}\n`);
    expect(read.tasks).toMatchObject([{ name: "a", flags: [{ name: flag, type: "number" }] }]);
    expect(read.readPackage).toBe(true);
  });

  it("does not read the packages for a type from declaration files, which neither read can see", () => {
    const read = extractWith(
      'import type { Foo } from "other";\nimport { helper } from "pkg";\n' +
        "export function a(o: { x: Foo }) { helper(); }\n",
    );
    expect(read.tasks[0]?.problems?.[0]?.message).toMatch(/property "x".*cannot see what it is/);
    expect(read.readPackage).toBe(false);
  });

  it("still says a type from a package without sources cannot be seen", () => {
    const read = extractWith('import type { Foo } from "other";\nexport function a(o: { x: Foo }) {}\n');
    expect(read.tasks[0]?.problems?.[0]?.message).toMatch(/property "x".*cannot see what it is/);
  });
});
