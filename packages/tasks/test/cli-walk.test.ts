import { existsSync, renameSync, symlinkSync } from "node:fs";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { fixture } from "./helpers/paths.ts";
import { userProject } from "./helpers/project.ts";

const chain = fixture("chain");

beforeAll(ensureBuilt, BUILD_HOOK_MS);

describe("dk's global flags before or after the task name", () => {
  it.each([["--verbose"], ["--limit", "2"], ["--dry-run"], ["--debug"], ["--print"], ["--ask-sudo-password"]])(
    "takes %s after the task name as before it",
    async (...flag) => {
      const before = await dk(["-f", chain, ...flag, "text"], { input: "secret\n" });
      const after = await dk(["-f", chain, "text", ...flag], { input: "secret\n" });
      expect(after.code).toBe(0);
      expect(after.stdout).toBe(before.stdout);
    },
  );

  it("refuses --ask-sudo-password when stdin ends with no password: exit 2, nothing runs, stdout empty", async () => {
    for (const json of [[], ["--json"]]) {
      const result = await dk(["-f", chain, ...json, "--ask-sudo-password", "text"], { input: "" });
      expect(result).toMatchObject({ code: 2, stdout: "" });
      expect(result.stderr).toContain("dk: --ask-sudo-password: stdin ended before a password; run dk on a terminal");
    }
    // A password without a newline is still one.
    expect((await dk(["-f", chain, "--ask-sudo-password", "text"], { input: "pw" })).code).toBe(0);
  });

  it("takes --json after the task name, with the task's return value in the document", async () => {
    const result = await dk(["-f", chain, "returns", "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: true,
      exitCode: 0,
      task: "returns",
      result: { ok: true, n: 2 },
    });
  });

  it("refuses --limit given before and after the task", async () => {
    const result = await dk(["-f", chain, "--limit", "2", "clean", "--limit", "3"]);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe("dk: --limit given more than once");
  });

  it.each([
    [["--verbose", "clean", "--verbose"], "--verbose"],
    [["clean", "--dry-run", "text", "--dry-run"], "--dry-run"],
    [["--json", "text", "--json"], "--json"],
  ])("refuses a switch given twice on either side of a task name: %j", async (words, flag) => {
    const result = await dk(["-f", chain, ...words]);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr.split("\n")[0]).toBe(`dk: ${flag} given more than once`);
  });
});

describe("return values", () => {
  it("prints a string as it is and anything else as JSON with --print, nothing without it", async () => {
    expect((await dk(["-f", chain, "--print", "text"])).stdout).toBe("plain text\n");
    expect((await dk(["-f", chain, "returns", "--print"])).stdout).toBe('{\n  "ok": true,\n  "n": 2\n}\n');
    expect((await dk(["-f", chain, "returns"])).stdout).toBe("");
  });
});

describe("bugs the walk hit", () => {
  it("skips an export whose first parameter cannot be flags, and says why (--list --all, --debug)", async () => {
    expect((await dk(["-f", chain, "clean"])).code).toBe(0);
    const all = await dk(["-f", chain, "--list", "--all"]);
    expect(all.stdout).toMatch(
      /Exports that are not tasks:\n {2}helper +\S*tasks\.ts:\d+: its first parameter is `Host`/,
    );
    expect((await dk(["-f", chain, "--list"])).stdout).not.toContain("helper");
    expect((await dk(["-f", chain, "--debug", "clean"])).stderr).toMatch(/^dk: not a task: helper \(its first/m);
    const named = await dk(["-f", chain, "helper"]);
    expect(named.code).toBe(2);
    expect(named.stderr.split("\n")[0]).toMatch(/^dk: "helper" is not a task: its first parameter is `Host`/);
  });

  it("makes `export const b = build` an alias of build, as `export { greet as hello }`", async () => {
    const help = await dk(["-f", chain, "b", "--help"]);
    expect(help.stdout).toMatch(/^Usage: dk build /);
    expect(help.stdout).toContain("Also called: b.");
  });

  it("says why a Date cannot be a flag", async () => {
    const dir = userProject("dk-date-", { "tasks.ts": "export function at(o: { when?: Date }) {}\n" }, []);
    const result = await dk(["at"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/tasks\.ts:1:\d+: task "at", property "when": `Date` cannot be a flag: .*ISO 8601/);
  });

  it("warns when --hosts names no host, and refuses it when the task requires hosts", async () => {
    const source =
      'export function opt({ hosts = "" }: { hosts?: string }) { console.log("ran"); }\n' +
      "export function req({ hosts }: { hosts: string }) { console.log('ran'); }\n";
    const dir = userProject("dk-hosts-", { "tasks.ts": source }, []);
    const optional = await dk(["opt"], { cwd: dir });
    expect(optional).toMatchObject({ code: 0, stdout: "ran\n" });
    expect(optional.stderr).toBe('dk: warning: --hosts of "opt" names no host (""): the task runs on no hosts\n');
    const required = await dk(["req", "--hosts", ","], { cwd: dir });
    expect(required).toMatchObject({ code: 2, stdout: "" });
    expect(required.stderr.split("\n")[0]).toBe('dk: --hosts of "req" names no host (","); give at least one');
  });

  it("points an error from core's argument checks at the user's call, not into core", async () => {
    const source =
      'import { run } from "@deploykit/core";\nexport async function bad() {\n  await run(["echo", 1] as never);\n}\n';
    const dir = userProject("dk-core-frame-", { "tasks.ts": source });
    const result = await dk(["bad"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`\n  at ${dir}/tasks.ts:3:9\n`);
  });

  it("names a tasks.ts that exists in frames when the project and node_modules are symlinks", async () => {
    const real = userProject("dk-real-", { "tasks.ts": 'export function boom() {\n  throw new Error("x");\n}\n' });
    const modules = join(real, "..", `${basename(real)}-modules`);
    renameSync(join(real, "node_modules"), modules);
    symlinkSync(modules, join(real, "node_modules"));
    const via = join(real, "..", `${basename(real)}-via`);
    symlinkSync(real, via);
    const result = await dk(["boom"], { cwd: via });
    expect(result.code).toBe(1);
    const where = /\n {2}at (.*):2:9\n/.exec(result.stderr)?.[1];
    expect(where && existsSync(where)).toBe(true);
  });

  it("says a crash under --dry-run came from a dry run, and isDryRun() tells a task", async () => {
    const source =
      'import { isDryRun, run } from "@deploykit/core";\n' +
      "export async function parse() {\n" +
      '  const { stdout } = await run("echo {}", { echo: false, stdout: "pipe" });\n' +
      "  console.log(isDryRun());\n" +
      "  JSON.parse(stdout);\n" +
      "}\n";
    const dir = userProject("dk-dry-", { "tasks.ts": source });
    const result = await dk(["parse", "--dry-run"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("true\n");
    expect(result.stderr).toContain("this was a dry run: commands were not run and their captured output is empty");
    expect((await dk(["parse"], { cwd: dir })).code).toBe(0);
  });
});

describe("pre-tasks", () => {
  it("run without flags: a required flag needs a default from outside, else nothing runs", async () => {
    const source =
      "/** @pre setup */\nexport function a() { console.log('a'); }\n" +
      "export function setup({ region }: { region: string }) { console.log('setup', region); }\n";
    const dir = userProject("dk-pre-", { "tasks.ts": source }, []);
    const refused = await dk(["a"], { cwd: dir });
    expect(refused).toMatchObject({ code: 2, stdout: "" });
    expect(refused.stderr.split("\n")[0]).toBe(
      'dk: task "setup" (pre-task of a) runs without flags, but: missing required flag --region; ' +
        "give it a default, or set it in DK_<FLAG> or dk.config.json",
    );
    expect(await dk(["a"], { cwd: dir, env: { DK_SETUP_REGION: "eu" } })).toMatchObject({
      code: 0,
      stdout: "setup eu\na\n",
    });
  });
});

describe("the default task", () => {
  it("may be marked with @default instead of export default", async () => {
    const source =
      "export function a() { console.log('a'); }\n/** @default */\nexport function b() { console.log('b'); }\n";
    const dir = userProject("dk-default-", { "tasks.ts": source }, []);
    expect(await dk([], { cwd: dir })).toMatchObject({ code: 0, stdout: "b\n" });
    expect((await dk(["--list"], { cwd: dir })).stdout).toContain("  b  [default]\n");
  });
});

describe("pre-tasks in namespaces", () => {
  it("finds a name in the task's own namespace first, then from the top", async () => {
    const source =
      "export const clean = () => console.log('top clean');\n" +
      "export const db = {\n" +
      "  clean: () => console.log('db clean'),\n" +
      "  /** @pre clean docs.x */\n" +
      "  migrate: () => console.log('migrate'),\n" +
      "};\n" +
      "export const docs = { x: () => console.log('docs x') };\n";
    const dir = userProject("dk-pre-ns-", { "tasks.ts": source }, []);
    expect(await dk(["db.migrate", "clean"], { cwd: dir })).toMatchObject({
      code: 0,
      stdout: "db clean\ndocs x\nmigrate\ntop clean\n",
    });
  });
});

describe("a task whose tags cannot work: one line, exit 2, nothing run", () => {
  const cases: [string, string, RegExp][] = [
    [
      "a pre-task cycle",
      '/** @pre b */\nexport function a() { console.log("ran"); }\n/** @post a */\nexport function b() {}\n',
      /tasks\.ts:2:1: task "a": @pre\/@post form a cycle: a → b → a; remove one of these tags$/,
    ],
    [
      "an unknown pre-task",
      "/** @pre clen */\nexport function a() {}\nexport function clean() {}\n",
      /@pre names "clen", which is not a task \(did you mean clean\?\)$/,
    ],
    [
      "a clash of short flags",
      "export function a(o: {\n  /** @short f */\n  force?: boolean;\n  /** @short f */\n  file?: string;\n}) {}\n",
      /tasks\.ts:1:\d+: task "a": -f is the short flag of both --file and --force; change one @short$/,
    ],
    [
      "dk's own -h",
      "export function a(o: {\n  /** @short h */\n  host?: string;\n}) {}\n",
      /-h is the short flag of both --host and dk's --help/,
    ],
    [
      "@count on a string",
      "export function a(o: {\n  /** @count */\n  v?: string;\n}) {}\n",
      /@count needs an optional number/,
    ],
  ];
  it.each(cases)("%s", async (_label, source, line) => {
    const dir = userProject("dk-tags-", { "tasks.ts": source }, []);
    const result = await dk(["a"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
  });
});
