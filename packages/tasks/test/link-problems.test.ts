import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { userProject } from "./helpers/project.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

// Every problem only the whole file shows, each beside tasks it leaves alone.
const SOURCE = [
  "/** @pre b */",
  'export function a() { console.log("a"); }',
  "/** @post a */",
  'export function b() { console.log("b"); }',
  "/** @pre clen */",
  'export function c() { console.log("c"); }',
  'export function clean() { console.log("clean"); }',
  "/** @default */",
  'export function d() { console.log("d"); }',
  'export default function e() { console.log("e"); }',
  'export const ns = { fooBar() {}, foo_bar() {}, ok() { console.log("ok"); } };',
  "/** @pre a */",
  'export function f() { console.log("f"); }',
  "",
].join("\n");

describe("a problem only the whole file shows (a cycle, an unknown @pre, a name twice, two defaults)", () => {
  const dir = userProject("dk-links-", { "tasks.ts": SOURCE }, []);

  it("lists every task, marks those that cannot run and says every problem at once; exit 0", async () => {
    const list = await dk(["--list"], { cwd: dir });
    expect(list).toMatchObject({ code: 0, stderr: "" });
    expect(list.stdout).toMatch(/^ {2}a +\[cannot run: see below\]\n {2}b +\[cannot run: see below\]\n/m);
    expect(list.stdout).toMatch(/^ {2}clean\n {2}d +\[default\]\n {2}e +\[default\]\n {2}f\n/m);
    const shown = list.stdout.split("Tasks that cannot run until these are fixed:\n")[1]!.split("\n\n")[0];
    expect(shown).toBe(
      [
        '  tasks.ts:2:1: task "a": @pre/@post form a cycle: a → b → a; remove one of these tags',
        '  tasks.ts:4:1: task "b": @pre/@post form a cycle: b → a → b; remove one of these tags',
        '  tasks.ts:6:1: task "c": @pre names "clen", which is not a task (did you mean clean?)',
        '  tasks.ts:11:21: two tasks are named "ns.foo-bar" (ns.fooBar and ns.foo_bar); rename one',
        '  tasks.ts:11:34: two tasks are named "ns.foo-bar" (ns.fooBar and ns.foo_bar); rename one',
        '  tasks.ts: the top level has two default tasks, "d" and "e"; keep one (each still runs by its name)',
      ].join("\n"),
    );
  });

  it("runs the tasks no problem touches, the two defaults by name too", async () => {
    expect(await dk(["clean", "ns.ok", "d", "e"], { cwd: dir })).toMatchObject({
      code: 0,
      stdout: "clean\nok\nd\ne\n",
      stderr: "",
    });
  });

  it.each([
    [["a"], /^dk: \/.*tasks\.ts:2:1: task "a": @pre\/@post form a cycle: a → b → a; remove one of these tags$/],
    [["c"], /^dk: \/.*tasks\.ts:6:1: task "c": @pre names "clen", which is not a task \(did you mean clean\?\)$/],
    [["ns.foo-bar"], /^dk: \/.*tasks\.ts:11:21: two tasks are named "ns\.foo-bar" \(ns\.fooBar and ns\.foo_bar\)/],
    [[], /^dk: \/.*tasks\.ts: the top level has two default tasks, "d" and "e"; keep one/],
  ])("refuses %j with its problem, exit 2, nothing run", async (words, line) => {
    const result = await dk([...words], { cwd: dir });
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(line)]);
  });

  it("refuses a task whose pre-task cannot run, every line of the report prefixed", async () => {
    const result = await dk(["clean", "f"], { cwd: dir });
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr.trimEnd().split("\n")).toEqual([
      expect.stringMatching(/^dk: \/.*tasks\.ts: task "b", pre-task of a, cannot run:$/),
      expect.stringMatching(/^dk: \/.*tasks\.ts:4:1: task "b": @pre\/@post form a cycle: b → a → b;/),
    ]);
  });

  it("--list --json carries each task's problems, and the two defaults' at the top", async () => {
    const list = await dk(["--list", "--json"], { cwd: dir });
    expect(list.code).toBe(0);
    const document = JSON.parse(list.stdout) as {
      tasks: { name: string; problems?: { message: string; line?: number; usage?: boolean }[] }[];
      problems?: { message: string }[];
    };
    const problems = Object.fromEntries(document.tasks.map((task) => [task.name, task.problems?.length ?? 0]));
    expect(problems).toMatchObject({ a: 1, b: 1, c: 1, clean: 0, d: 0, e: 0, f: 0 });
    expect(document.tasks.find((task) => task.name === "c")?.problems?.[0]).toMatchObject({ line: 6, usage: true });
    expect(document.problems).toEqual([expect.objectContaining({ message: expect.stringMatching(/two default/) })]);
  });
});

describe("two defaults in a namespace", () => {
  it("refuses the namespace's bare word, and a @pre naming it, and runs each by name", async () => {
    const source =
      "export const docs = {\n  /** @default */\n  a() { console.log('a'); },\n  /** @default */\n  b() {},\n};\n" +
      "/** @pre docs */\nexport function c() {}\nexport function d() { console.log('d'); }\n";
    const dir = userProject("dk-links-ns-", { "tasks.ts": source }, []);
    const bare = await dk(["docs"], { cwd: dir });
    expect(bare).toMatchObject({ code: 2, stdout: "" });
    expect(bare.stderr).toMatch(/namespace "docs" has two default tasks, "docs\.a" and "docs\.b"; keep one/);
    const pre = await dk(["c"], { cwd: dir });
    expect(pre.stderr).toMatch(/task "c": @pre names "docs", but namespace "docs" has two default tasks/);
    expect(await dk(["docs.a", "d"], { cwd: dir })).toMatchObject({ code: 0, stdout: "a\nd\n" });
  });
});
