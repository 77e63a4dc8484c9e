import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extract } from "./helpers/extract.ts";

const flagCases: [string, string, object][] = [
  ["required string", "{ hosts }: { hosts: string }", { name: "hosts", type: "string", required: true }],
  ["optional string", "{ user }: { user?: string }", { name: "user", type: "string", required: false }],
  [
    "defaulted string",
    '{ service = "nginx" }: { service?: string }',
    { type: "string", required: false, default: "nginx" },
  ],
  ["defaulted, not optional in the type", "{ n = 2 }: { n: number }", { type: "number", required: false, default: 2 }],
  ["boolean default true", "{ wait = true }: { wait?: boolean }", { name: "wait", type: "boolean", default: true }],
  ["required boolean", "{ force }: { force: boolean }", { type: "boolean", required: true }],
  ["negative number default", "{ offset = -3 }: { offset?: number }", { type: "number", default: -3 }],
  ["string literal union", '{ env }: { env?: "prod" | "staging" }', { type: "string", choices: ["prod", "staging"] }],
  ["number literal union", "{ level }: { level?: 1 | 2 }", { type: "number", choices: [1, 2] }],
  ["string array", "{ tags }: { tags?: string[] }", { type: "string[]", required: false }],
  ["readonly number array", "{ ports }: { ports: readonly number[] }", { type: "number[]", required: true }],
  ["Array<string>", "{ names }: { names?: Array<string> }", { type: "string[]" }],
  ["array of literals", '{ envs }: { envs?: ("a" | "b")[] }', { type: "string[]", choices: ["a", "b"] }],
  ["array default", '{ tags = ["x", "y"] }: { tags?: string[] }', { default: ["x", "y"] }],
  [
    "non-literal default",
    '{ home = process.env.HOME ?? "/" }: { home?: string }',
    { defaultText: 'process.env.HOME ?? "/"' },
  ],
  ["camelCase to kebab", "{ dryRun }: { dryRun?: boolean }", { name: "dry-run", property: "dryRun" }],
  ["letters beyond ASCII", "{ größe }: { größe?: number }", { name: "größe", property: "größe" }],
  ["a boolean beside a no- flag of another name", "o: { noCache?: boolean }", { name: "no-cache" }],
  [
    "renamed binding keeps the property",
    '{ hostKeyCheck: check = "strict" }: { hostKeyCheck?: string }',
    { name: "host-key-check", default: "strict" },
  ],
  ["property JSDoc is the help", "o: {\n/** the systemd unit */\nunit: string }", { help: "the systemd unit" }],
  [
    "a @default tag is the default shown when the code gives none",
    "o: {\n/**\n * parallel jobs\n * @default 4\n */\njobs?: number }",
    { help: "parallel jobs", defaultText: "4" },
  ],
  [
    "a @default tag over several lines, as one line",
    "o: {\n/**\n * @default every host\n * of the fleet\n */\nhosts?: string }",
    { defaultText: "every host of the fleet" },
  ],
  ["the default in code over a @default tag", "{ n = 2 }: {\n/** @default 4 */\nn?: number }", { default: 2 }],
  ["no @default for a required flag", "o: {\n/** @default 4 */\nn: number }", { required: true }],
  ["Partial<> keeps flags optional", "o: Partial<{ a: string }>", { name: "a", required: false }],
];

describe("extractTasks: one flag per property", () => {
  it.each(flagCases)("%s", (_label, parameter, expected) => {
    const { tasks, problem } = extract({ "tasks.ts": `export function t(${parameter}) {}\n` });
    expect(problem).toBeUndefined();
    expect(tasks[0]?.flags).toHaveLength(1);
    expect(tasks[0]?.flags[0]).toMatchObject(expected);
    // A flag has one default: the code's, else its @default tag's, and a required flag has none.
    const defaults = ["default", "defaultText"].filter((key) => key in tasks[0]!.flags[0]!);
    expect(defaults).toEqual(["default", "defaultText"].filter((key) => key in expected));
  });
});

describe("extractTasks: shared flag types", () => {
  it("reads an intersection of object types, with each part's JSDoc", () => {
    const { tasks, problem } = extract({
      "tasks.ts": [
        "type Fleet = {\n/** comma-separated hosts */\nhosts: string;\nkey?: string };",
        "export function t({ hosts, count = 2 }: Fleet & {\n/** how many */\ncount?: number }) {}",
      ].join("\n"),
    });
    expect(problem).toBeUndefined();
    expect(tasks[0]?.flags).toEqual([
      { name: "hosts", property: "hosts", type: "string", required: true, help: "comma-separated hosts" },
      { name: "key", property: "key", type: "string", required: false },
      { name: "count", property: "count", type: "number", required: false, default: 2, help: "how many" },
    ]);
  });

  it("does not take an intersection with a function for flags: not a task, and says why", () => {
    const { problem, tasks, skipped } = extract({
      "tasks.ts": "export function t(o: { a: string } & (() => void)) {}\n",
    });
    expect(problem).toBeUndefined();
    expect(tasks).toEqual([]);
    expect(skipped?.[0]).toMatchObject({ name: "t", line: 1, reason: expect.stringMatching(/not an object of flags/) });
  });
});

describe("extractTasks: a first parameter that is a list", () => {
  it.each([
    ["an array", "a: string[]", /`string\[\]`, not an object of flags/],
    ["a readonly array", "a: readonly number[]", /`readonly number\[\]`, not an object of flags/],
    ["a tuple", "a: [string, number]", /`\[string, number\]`, not an object of flags/],
    ["a rest parameter", "...args: string[]", /rest parameter `...args`; .*\(options: \{\}, ...args: string\[\]\)/],
    ["a rest parameter of objects", "...a: [{ x: string }]", /rest parameter `...a`/],
  ])("%s is not a task (its length and indexes are no flags), and says why", (_label, parameter, reason) => {
    const { problem, tasks, skipped } = extract({ "tasks.ts": `export function t(${parameter}) {}\n` });
    expect(problem).toBeUndefined();
    expect(tasks).toEqual([]);
    expect(skipped).toEqual([expect.objectContaining({ name: "t", line: 1, reason: expect.stringMatching(reason) })]);
  });
});

describe("extractTasks: a name two `export *` give", () => {
  const a = "export function x() {}\nexport function onlyA() {}\n";
  it("is no task when they give different functions (Node exports neither), and says why", () => {
    const { problem, tasks, skipped } = extract({
      "tasks.ts": 'export * from "./a.ts";\nexport * from "./b.ts";\n',
      "a.ts": a,
      "b.ts": "export function x() {}\n",
    });
    expect(problem).toBeUndefined();
    expect(tasks.map((task) => task.name)).toEqual(["only-a"]);
    expect(skipped).toEqual([
      expect.objectContaining({
        name: "x",
        reason: 'export * from "./a.ts" and "./b.ts" both give "x", so the module exports neither; export one by name',
      }),
    ]);
  });

  it("is a task when both give the same function, or the module exports the name itself", () => {
    const same = extract({
      "tasks.ts": 'export * from "./a.ts";\nexport * from "./c.ts";\n',
      "a.ts": a,
      "c.ts": 'export { x } from "./a.ts";\n',
    });
    expect(same.tasks.map((task) => task.name)).toEqual(["x", "only-a"]);
    const own = extract({
      "tasks.ts": 'export * from "./a.ts";\nexport * from "./b.ts";\nexport function x() {}\n',
      "a.ts": a,
      "b.ts": "export function x() {}\n",
    });
    expect(own.skipped ?? []).toEqual([]);
    expect(own.tasks.map((task) => task.name).sort()).toEqual(["only-a", "x"]);
  });
});

describe("extractTasks: a `this` parameter declares a type, not an argument", () => {
  it("reads the flags from the parameter after it, and the words after -- from the next", () => {
    const { problem, tasks, skipped } = extract({
      "tasks.ts": "export function t(this: void, { x }: { x: string }, args: string[]) {}\n",
    });
    expect(problem).toBeUndefined();
    expect(skipped ?? []).toEqual([]);
    expect(tasks[0]).toMatchObject({ flags: [{ name: "x", type: "string", required: true }], rest: true });
    expect(tasks[0]?.problems).toBeUndefined();
  });
});

describe("extractTasks: the parameter after the flags gets the words after -- as text", () => {
  it.each([
    ["args: string[]"],
    ["args: readonly string[] = []"],
    ["args?: Array<string | number>"],
    ["...args: string[]"],
    ["args: string[], extra?: number"],
    ["args: string[], extra = 2"],
  ])("(o: {}, %s) takes them", (parameters) => {
    const { problem, tasks } = extract({ "tasks.ts": `export function t(o: {}, ${parameters}) {}\n` });
    expect(problem).toBeUndefined();
    expect(tasks[0]).toMatchObject({ rest: true });
    expect(tasks[0]?.problems).toBeUndefined();
  });

  it.each([
    ["args: number[]", 26, "the parameter `args: number[]` gets the words after -- as text; type it `args: string[]`"],
    ["arg: string", 26, "the parameter `arg: string` gets the words after -- as text; type it `arg: string[]`"],
    ["...n: number[]", 26, "the parameter `...n: number[]` gets the words after -- as text; type it `...n: string[]`"],
    ["a: string[], b: string[]", 39, "the parameter `b` gets nothing from dk; remove it or give it a default"],
  ])("(o: {}, %s) cannot run, and says why where", (parameters, column, message) => {
    const { problem, tasks } = extract({ "tasks.ts": `export function t(o: {}, ${parameters}) {}\n` });
    expect(problem).toBeUndefined();
    expect(tasks[0]?.problems).toEqual([
      { file: expect.stringMatching(/tasks\.ts$/), line: 1, column, message: `task "t": ${message}` },
    ]);
  });
});

describe("extractTasks: which exports are tasks", () => {
  it("reads functions, arrow functions and function expressions, in source order, kebab-cased", () => {
    const { tasks } = extract({
      "tasks.ts": [
        "export const zeta = () => {};",
        "export function deployNixos() {}",
        "export const withExpr = function () {};",
        'export const version = "1";',
        "export class Thing {}",
        "export function _private() {}",
        "export default function () {}",
        "export type T = string;",
      ].join("\n"),
    });
    expect(tasks.map((task) => [task.name, task.exportName])).toEqual([
      ["zeta", "zeta"],
      ["deploy-nixos", "deployNixos"],
      ["with-expr", "withExpr"],
      ["default", "default"],
    ]);
    expect(tasks.at(-1)?.default).toBe(true);
  });

  it("takes the help from the function's JSDoc and @param tags", () => {
    const { tasks } = extract({
      "tasks.ts":
        "/**\n * Restart things.\n * More text.\n * @param opts.unit which unit\n */\n" +
        "export function restart(opts: { unit: string }) {}\n",
    });
    expect(tasks[0]).toMatchObject({
      help: "Restart things.\nMore text.",
      flags: [{ name: "unit", help: "which unit" }],
    });
  });

  it("gives a task without parameters no flags, and marks a second parameter as rest", () => {
    const { tasks } = extract({ "tasks.ts": "export function a() {}\nexport function b(o: {}, rest: string[]) {}\n" });
    expect(tasks).toMatchObject([
      { flags: [], rest: false },
      { flags: [], rest: true },
    ]);
  });

  it("follows types and re-exports from local files, and lists them as inputs", () => {
    const { tasks, inputs, dir } = extract({
      "tasks.ts":
        'import type { Opts } from "./lib/types.ts";\nexport function a(o: Opts) {}\nexport { b } from "./lib/b.ts";\n',
      "lib/types.ts": 'export interface Opts { mode?: "x" | "y" }\n',
      "lib/b.ts": "/** From b. */\nexport function b(o: { n: number }) {}\n",
    });
    expect(tasks).toMatchObject([
      { name: "a", flags: [{ name: "mode", choices: ["x", "y"] }] },
      { name: "b", help: "From b.", flags: [{ name: "n", type: "number" }] },
    ]);
    const sources = inputs.filter((input) => input.endsWith(".ts")).sort();
    expect(sources).toEqual(["lib/b.ts", "lib/types.ts", "tasks.ts"].map((name) => join(dir, name)));
  });
});

const problemCases: [string, string, RegExp][] = [
  [
    "nested object",
    "export function deploy(o: {\n  ssh: { port: number } }) {}",
    /task "deploy", property "ssh".*nested objects/,
  ],
  [
    "tuple",
    "export function deploy(o: { pair?: [string, number] }) {}",
    /property "pair": its type `\[string, number\] \| undefined` cannot be a flag: tuples cannot be flags \(a flag/,
  ],
  ["function property", "export function deploy(o: { cb: () => void }) {}", /property "cb".*functions/],
  ["mixed union", "export function deploy(o: { x: string | number }) {}", /property "x".*unions/],
  [
    "array of objects",
    "export function deploy(o: { x: { a: 1 }[] }) {}",
    /property "x".*arrays must hold strings or numbers/,
  ],
  [
    "type from a package that is not installed (one with declaration files alone: signature-packages.test.ts)",
    'import type { Foo } from "some-package";\nexport function deploy(o: { x: Foo }) {}',
    /property "x": its type `Foo` comes from "some-package", which cannot be found; install it, or fix the import/,
  ],
  [
    "type name that nothing declares",
    "export function deploy(o: { x?: Strin }) {}",
    /property "x": its type `Strin` is neither declared nor imported in your files \(a typo\?/,
  ],
  ["reserved flag", "export function deploy(o: { help?: boolean }) {}", /--help is reserved/],
  ["reserved task name", "export function completion() {}", /"completion", a name dk uses itself/],
  [
    "one flag name for two properties",
    "export function deploy(o: { dryRun?: boolean; dry_run?: string }) {}",
    /task "deploy": --dry-run would be both dryRun and dry_run; rename one/,
  ],
  [
    "a flag named as a boolean's off",
    "export function deploy(o: { cache?: boolean; noCache?: boolean }) {}",
    /task "deploy": --no-cache would be both noCache and cache turned off; rename one/,
  ],
  [
    "a property name the command line would split",
    'export function deploy(o: { "x=y"?: string }) {}',
    /property "x=y": "--x=y" cannot be written as a flag/,
  ],
  ["an empty property name", 'export function deploy(o: { ""?: string }) {}', /property "": "--" cannot be written/],
];

describe("extractTasks: a task's problems name the file, line, task and property; the other tasks still read", () => {
  it.each(problemCases)("%s", (_label, source, pattern) => {
    const { problem, tasks, dir } = extract({ "tasks.ts": `export function ok(o: { n?: number }) {}\n${source}` });
    expect(problem).toBeUndefined();
    expect(tasks[0]).toMatchObject({ name: "ok", flags: [{ name: "n", type: "number" }] });
    expect(tasks[0]?.problems).toBeUndefined();
    expect(tasks[1]?.problems).toHaveLength(1);
    expect(tasks[1]?.problems?.[0]).toMatchObject({ file: join(dir, "tasks.ts"), line: expect.any(Number) });
    expect(tasks[1]?.problems?.[0]?.message).toMatch(pattern);
  });

  it("points at the line of the bad property", () => {
    const { tasks } = extract({
      "tasks.ts": "export function deploy(o: {\n  hosts: string;\n  ssh: { port: number };\n}) {}\n",
    });
    expect(tasks[0]?.problems).toMatchObject([{ line: 3, column: 3 }]);
  });

  it("gives every problem of a task at once, and a task with none keeps its flags", () => {
    const { tasks, problem } = extract({
      "tasks.ts": [
        "export function a(o: {\n  at: Date;\n  n: bigint;\n  /** @short x */\n  p?: string;",
        "  /** @short x */\n  q?: string;\n  /** @count */\n  v?: string;\n}) {}",
        "/** Fine. */\nexport function b(o: { name?: string }) {}\n",
      ].join("\n"),
    });
    expect(problem).toBeUndefined();
    expect(tasks.map((task) => task.problems?.map((one) => [one.line, one.usage ?? false]))).toEqual([
      [
        [2, false],
        [3, false],
        [9, true],
        [1, true],
      ],
      undefined,
    ]);
    expect(tasks[0]?.problems?.map((one) => one.message)).toEqual([
      expect.stringMatching(/property "at": `Date` cannot be a flag/),
      expect.stringMatching(/property "n": its type `bigint` cannot be a flag/),
      expect.stringMatching(/property "v": @count needs an optional number/),
      expect.stringMatching(/-x is the short flag of both --q and --p/),
    ]);
    expect(tasks[0]?.flags.map((flag) => flag.name)).toEqual(["p", "q"]);
    expect(tasks[1]).toMatchObject({ name: "b", help: "Fine.", flags: [{ name: "name" }] });
  });

  it("keeps a syntax error the whole file's problem", () => {
    const { problem, tasks, dir } = extract({ "tasks.ts": "export function a() {}\n\nexport function b( {\n" });
    expect(tasks).toEqual([]);
    expect(problem).toMatchObject({ file: join(dir, "tasks.ts"), line: expect.any(Number) });
    expect(problem?.message).toMatch(/syntax error/);
  });
});
