import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { userProject } from "./helpers/project.ts";

const TASKS = `
/** Prints what it got. */
export function deploy({ hosts, action = "switch", retries = 1, wait = false, tags = [] }: {
  hosts: string;
  action?: "switch" | "boot";
  retries?: number;
  wait?: boolean;
  tags?: string[];
}) {
  console.log(JSON.stringify({ hosts, action, retries, wait, tags }));
}

export function other({ hosts = "code" }: { hosts?: string }) {
  console.log(JSON.stringify({ hosts }));
}
`;

// A project with TASKS and, optionally, a config file.
function project(files: Record<string, string> = {}): string {
  return userProject("dk-defaults-", { "tasks.ts": TASKS, ...files }, []);
}

async function got(cwd: string, env: Record<string, string>, ...args: string[]): Promise<unknown> {
  const result = await dk(args, { cwd, env });
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

beforeAll(ensureBuilt, BUILD_HOOK_MS);

describe("flag defaults from DK_<FLAG>, DK_<TASK>_<FLAG>, dk.config.json and package.json#dk", () => {
  it("takes a required flag from DK_HOSTS, and each type as a flag's text", async () => {
    const cwd = project();
    const env = { DK_HOSTS: "a,b", DK_ACTION: "boot", DK_RETRIES: "3", DK_WAIT: "true", DK_TAGS: "x,y" };
    expect(await got(cwd, env, "deploy")).toEqual({
      hosts: "a,b",
      action: "boot",
      retries: 3,
      wait: true,
      tags: ["x", "y"],
    });
  });

  it("ranks flag > DK_<TASK>_<FLAG> > DK_<FLAG> > config tasks > config flags > code", async () => {
    const config = JSON.stringify({ flags: { hosts: "config", retries: 7 }, tasks: { deploy: { retries: 8 } } });
    const cwd = project({ "dk.config.json": config });
    expect(await got(cwd, {}, "other")).toEqual({ hosts: "config" });
    expect(await got(cwd, {}, "deploy")).toMatchObject({ hosts: "config", retries: 8 });
    expect(await got(cwd, { DK_RETRIES: "5" }, "deploy")).toMatchObject({ retries: 5 });
    expect(await got(cwd, { DK_RETRIES: "5", DK_DEPLOY_RETRIES: "6" }, "deploy")).toMatchObject({ retries: 6 });
    expect(await got(cwd, { DK_DEPLOY_RETRIES: "6" }, "deploy", "--retries", "9")).toMatchObject({ retries: 9 });
  });

  it("reads package.json#dk when there is no dk.config.json", async () => {
    const cwd = project({ "package.json": JSON.stringify({ name: "x", dk: { flags: { hosts: "from-pkg" } } }) });
    expect(await got(cwd, {}, "other")).toEqual({ hosts: "from-pkg" });
  });

  it("does not take a flag that has a default from outside by position: the next word is a task", async () => {
    const cwd = project();
    const result = await dk(["deploy", "other"], { cwd, env: { DK_HOSTS: "h" } });
    expect(result.stdout).toBe('{"hosts":"h","action":"switch","retries":1,"wait":false,"tags":[]}\n{"hosts":"h"}\n');
  });

  it("shows the effective default and where it came from in --help", async () => {
    const cwd = project({ "dk.config.json": JSON.stringify({ tasks: { deploy: { action: "boot" } } }) });
    const result = await dk(["deploy", "--help"], { cwd, env: { DK_RETRIES: "4" } });
    expect(result.stdout).toContain("(number, default: 4 from DK_RETRIES)");
    expect(result.stdout).toContain('(one of switch, boot, default: "boot" from dk.config.json tasks.deploy.action)');
  });

  const bad: [string, Record<string, string>, Record<string, string>, string][] = [
    [
      "a bad number in the environment",
      { DK_RETRIES: "many" },
      {},
      'dk: DK_RETRIES: --retries expects a number (as 42, -1.5, .5, 1e3 or 0x1f), got "many"',
    ],
    [
      "a bad choice for one task",
      { DK_DEPLOY_ACTION: "reboot" },
      {},
      'dk: DK_DEPLOY_ACTION: --action must be one of switch, boot; got "reboot"',
    ],
    [
      "a bad switch",
      { DK_WAIT: "yes please" },
      {},
      'dk: DK_WAIT: --wait is a switch: use true, false, 1 or 0, got "yes please"',
    ],
    [
      "a bad type in the config",
      {},
      { "dk.config.json": JSON.stringify({ flags: { retries: [1, 2] } }) },
      "dk: dk.config.json flags.retries: --retries takes one value, got [1,2]",
    ],
    [
      "a config for a task that does not exist",
      {},
      { "dk.config.json": JSON.stringify({ tasks: { deplyo: {} } }) },
      "dk: dk.config.json: tasks.deplyo is not a task (did you mean deploy?)",
    ],
    [
      "a config flag no task has",
      {},
      { "dk.config.json": JSON.stringify({ flags: { retires: 2 } }) },
      "dk: dk.config.json: flags.retires is not a flag of any task (did you mean retries?)",
    ],
    ["a config that is not JSON", {}, { "dk.config.json": "{ flags: 1" }, "dk: dk.config.json: not valid JSON"],
  ];
  it.each(bad)("refuses %s in one line, exit 2, nothing run", async (_label, env, files, line) => {
    const cwd = project(files);
    const result = await dk(["deploy", "--hosts", "h"], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n")[0]!.startsWith(line)).toBe(true);
  });

  it.each(bad)("shows the help all the same with %s, the problem noted on stderr", async (_label, env, files, line) => {
    const cwd = project(files);
    for (const args of [
      ["deploy", "--help"],
      ["--help", "deploy"],
      ["deploy", "-h", "--hosts", "h"],
    ]) {
      const result = await dk(args, { cwd, env });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: dk deploy /);
      expect(result.stderr).toMatch(/^dk: note: .*\(the help shows what holds without it\)\n$/);
      expect(result.stderr.startsWith(line.replace(/^dk: /, "dk: note: "))).toBe(true);
    }
    const list = await dk(["--list"], { cwd, env });
    expect(list).toMatchObject({ code: 0, stderr: "" });
    expect(list.stdout).toContain("  deploy ");
  });

  it("leaves DK_ variables and config flags of flags the task does not have alone", async () => {
    const cwd = project();
    writeFileSync(join(cwd, "dk.config.json"), JSON.stringify({ flags: { retries: "not for other" } }));
    expect(await got(cwd, { DK_PORT: "not a number" }, "other")).toEqual({ hosts: "code" });
  });
});

// Tasks whose flags DK_<TASK>_<FLAG> or DK_<FLAG> would spell as dk's own variables, and an alias.
const OWN = `
export function cache({ dir = "/var/cache/app" }: { dir?: string }) {
  console.log(JSON.stringify({ dir }));
}
export function build({ cacheDir = "./.build-cache", release = false }: { cacheDir?: string; release?: boolean }) {
  console.log(JSON.stringify({ cacheDir, release }));
}
export const b = build;
export function tasks({ file = "tasks.ts" }: { file?: string }) {
  console.log(JSON.stringify({ file }));
}
`;

describe("dk's own variables and the names of a task", () => {
  it("never takes DK_CACHE_DIR or DK_TASKS_FILE as a flag's default; the flag's other names still work", async () => {
    const cwd = userProject("dk-own-env-", { "tasks.ts": OWN }, []);
    // dk() sets DK_CACHE_DIR to the tests' cache dir: `cache --dir` and `--cache-dir` would both spell it.
    expect(await got(cwd, {}, "cache")).toEqual({ dir: "/var/cache/app" });
    expect(await got(cwd, {}, "build")).toEqual({ cacheDir: "./.build-cache", release: false });
    expect(await got(cwd, { DK_TASKS_FILE: "/elsewhere/tasks.ts" }, "tasks")).toEqual({ file: "tasks.ts" });
    expect(await got(cwd, { DK_DIR: "/x" }, "cache")).toEqual({ dir: "/x" });
    expect(await got(cwd, { DK_BUILD_CACHE_DIR: "/y" }, "build")).toMatchObject({ cacheDir: "/y" });
    const help = await dk(["cache", "--help"], { cwd });
    expect(help.stdout).toContain('--dir <string>  (string, default: "/var/cache/app")\n');
    // Help names only variables dk reads as defaults, and says which spelled ones are its own.
    const defaults = (text: string) => text.split("\n").find((line) => line.startsWith("Defaults: "));
    expect(defaults(help.stdout)).toBe(
      "Defaults: DK_DIR (and so on for each flag; DK_CACHE_DIR is dk's own, never --dir's), dk.config.json; " +
        "see the README.",
    );
    const build = await dk(["build", "--help"], { cwd });
    expect(defaults(build.stdout)).toBe(
      "Defaults: DK_BUILD_RELEASE, DK_RELEASE (and so on for each flag; DK_CACHE_DIR is dk's own, never " +
        "--cache-dir's), dk.config.json; see the README.",
    );
  });

  it("refuses a config entry keyed by a task's alias, naming the task's own name", async () => {
    const config = JSON.stringify({ tasks: { b: { release: true } } });
    const cwd = userProject("dk-alias-config-", { "tasks.ts": OWN, "dk.config.json": config }, []);
    for (const name of ["b", "build"]) {
      const result = await dk([name], { cwd });
      expect(result).toMatchObject({ code: 2, stdout: "" });
      expect(result.stderr.split("\n")[0]).toBe(
        'dk: dk.config.json: tasks.b names the task "build" by its alias "b": key it by the task\'s name, ' +
          '"tasks": { "build": … }',
      );
    }
    writeFileSync(join(cwd, "dk.config.json"), JSON.stringify({ tasks: { build: { release: true } } }));
    expect(await got(cwd, {}, "b")).toMatchObject({ release: true });
  });
});
