import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { fixture, tempDir } from "./helpers/paths.ts";

const file = fixture("flags");

beforeAll(ensureBuilt, BUILD_HOOK_MS);

// [label, args, the error line, the usage line starts with]
const cases: [string, string[], string, string][] = [
  ["unknown task", ["restat"], 'dk: unknown task "restat" (did you mean restart?)', "Usage: dk [--list"],
  // A name in another case or with underscores is no typo: its kebab-case form is the hint.
  ["task name in capitals", ["EVERY_TYPE"], 'dk: unknown task "EVERY_TYPE" (did you mean every-type?)', "Usage: dk"],
  [
    "flag in capitals",
    ["restart", "--hosts", "a", "--RETRIES", "2"],
    "dk: unknown flag --RETRIES (did you mean --retries?)",
    "Usage: dk restart",
  ],
  [
    "unknown flag",
    ["restart", "--hosts", "a", "--retires", "2"],
    "dk: unknown flag --retires (did you mean --retries?)",
    "Usage: dk restart --hosts",
  ],
  ["unknown short flag", ["restart", "--hosts", "a", "-x"], "dk: unknown flag -x", "Usage: dk restart"],
  // The start of one flag's name is the hint: by edit distance --serv was a typo of --env.
  [
    "a flag's name cut short",
    ["restart", "--hosts", "a", "--serv", "x"],
    "dk: unknown flag --serv (did you mean --service?)",
    "Usage: dk restart",
  ],
  ["dk's flag cut short", ["--dry", "hello"], "dk: unknown flag --dry (did you mean --dry-run?)", "Usage: dk [--list"],
  [
    "the start of two flags' names",
    ["--li", "hello"],
    "dk: unknown flag --li (task flags go after the task name: dk TASK --flag)",
    "Usage: dk [--list",
  ],
  [
    "negated non-switch",
    ["restart", "--hosts", "a", "--no-service"],
    "dk: --no-service: --service takes a value (string), and only a task's boolean flag has a --no- form",
    "Usage: dk restart",
  ],
  ["missing required flag", ["restart"], "dk: missing required flag --hosts", "Usage: dk restart --hosts <string>"],
  ["missing value at the end", ["restart", "--hosts"], "dk: --hosts needs a value (string)", "Usage: dk restart"],
  [
    "a flag is never swallowed as a value",
    ["restart", "--hosts", "--no-wait"],
    "dk: --hosts needs a value (string), got the flag --no-wait (write --hosts=--no-wait to pass it as the value)",
    "Usage: dk restart",
  ],
  [
    "not a number",
    ["restart", "--hosts", "a", "--retries", "many"],
    'dk: --retries expects a number (as 42, -1.5, .5, 1e3 or 0x1f), got "many"',
    "Usage: dk restart",
  ],
  [
    "empty number",
    ["restart", "--hosts", "a", "--retries="],
    'dk: --retries expects a number (as 42, -1.5, .5, 1e3 or 0x1f), got ""',
    "Usage: dk restart",
  ],
  [
    "outside the choices",
    ["restart", "--hosts", "a", "--env", "prd"],
    'dk: --env must be one of prod, staging; got "prd" (did you mean prod?)',
    "Usage: dk restart",
  ],
  [
    // A choice in another case is no typo of it: its own spelling is the hint, however short the word.
    "a choice in capitals",
    ["restart", "--hosts", "a", "--env", "PROD"],
    'dk: --env must be one of prod, staging; got "PROD" (did you mean prod?)',
    "Usage: dk restart",
  ],
  [
    "number outside the choices",
    ["every-type", "--force", "--level", "7"],
    'dk: --level must be one of 1, 2, 3; got "7"',
    "Usage: dk every-type",
  ],
  [
    "bad number in an array",
    ["every-type", "--force", "--ports", "22,ssh"],
    'dk: --ports expects a number (as 42, -1.5, .5, 1e3 or 0x1f), got "ssh"',
    "Usage: dk every-type",
  ],
  [
    "switch with a value",
    ["every-type", "--force=yes"],
    "dk: --force is a switch: use --force or --no-force, not --force=yes",
    "Usage: dk every-type",
  ],
  [
    "scalar flag twice",
    ["restart", "--hosts", "a", "--hosts", "b"],
    "dk: --hosts given more than once",
    "Usage: dk restart",
  ],
  [
    "stray argument",
    ["restart", "--hosts", "a", "now"],
    'dk: unexpected argument "now": not a task, and "restart" takes no more values by position (flags start with --)',
    "Usage: dk restart",
  ],
  [
    "arguments after -- to a task without rest",
    ["hello", "--", "x"],
    'dk: task "hello" takes no arguments after --',
    "Usage: dk hello",
  ],
  [
    "a flag of a task named after it",
    ["hello", "--retries", "2", "restart", "--hosts", "a"],
    'dk: unknown flag --retries for "hello"; it is a flag of "restart": give it after "restart"',
    "Usage: dk restart --hosts",
  ],
  [
    "a flag of a task named before it",
    ["restart", "--hosts", "a", "hello", "--no-wait"],
    'dk: unknown flag --no-wait for "hello"; it is a flag of "restart": give it after "restart"',
    "Usage: dk restart --hosts",
  ],
  [
    "help as a task",
    ["help"],
    `dk: unknown task "help" (did you mean hello?); for dk's help, use dk --help (a task's: dk TASK --help)`,
    "Usage: dk [--list",
  ],
  [
    "help after a task",
    ["hello", "help"],
    `dk: unknown task "help" (did you mean hello?); "hello" takes no more values by position; for hello's help, ` +
      "use dk hello --help",
    "Usage: dk hello",
  ],
  ["list as a task", ["list"], 'dk: unknown task "list"; to list the tasks, use dk --list', "Usage: dk [--list"],
  ["unknown global flag", ["--lst"], "dk: unknown flag --lst (did you mean --list?)", "Usage: dk [--list"],
  [
    "task flag before the task",
    ["--hosts", "a", "restart"],
    "dk: unknown flag --hosts (task flags go after the task name: dk TASK --flag)",
    "Usage: dk [--list",
  ],
  ["--json without --list", ["--json"], "dk: --json only goes with --list or a task", "Usage: dk [--list"],
  [
    "-f followed by a flag",
    ["-f", "--list"],
    "dk: -f needs a path, got the flag --list (write --file=--list to pass it as the value)",
    "Usage: dk [--list",
  ],
  [
    "bad completion shell",
    ["completion", "tcsh"],
    'dk: completion needs one shell, bash, zsh, fish; got "tcsh"',
    "Usage: dk completion bash|zsh|fish",
  ],
  // A word after --version was meant for something: the version alone would drop it unsaid.
  ["a word after --version", ["--version", "extra"], 'dk: --version goes alone, got "extra"', "Usage: dk --version"],
  ["a task after -V", ["-V", "hello"], 'dk: --version goes alone, got "hello"', "Usage: dk --version"],
];

describe("bad input: one error line, the usage hint, exit 2, nothing runs", () => {
  it.each(cases)("%s", async (_label, args, error, usage) => {
    const result = await dk(["-f", file, ...args]);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe(error);
    expect(lines[1]?.startsWith(usage)).toBe(true);
    expect(lines).toHaveLength(2);
    expect(result.stdout).toBe("");
    expect(result.code).toBe(2);
  });

  it("rejects -f naming a file that does not exist", async () => {
    const result = await dk(["-f", "/nonexistent/tasks.ts", "--list"]);
    expect(result.stderr).toMatch(/^dk: -f\/--file: no such file: \/nonexistent\/tasks.ts\n/);
    expect(result.code).toBe(2);
  });

  it("rejects -f naming what is no regular file, or nothing at all, saying which", async () => {
    const device = await dk(["-f", "/dev/null", "--list"]);
    expect(device.stderr).toMatch(/^dk: -f\/--file: \/dev\/null is not a regular file\n/);
    expect(device.code).toBe(2);
    for (const args of [["-f", ""], ["--file="]]) {
      const empty = await dk([...args, "--list"], { cwd: dirname(fixture("core")) });
      expect(empty.stderr).toMatch(/^dk: -f\/--file needs a path, got ""\n/);
      expect(empty.code).toBe(2);
    }
  });

  it("rejects -f naming a JavaScript file, saying that dk reads TypeScript", async () => {
    const file = join(tempDir("dk-js-"), "tasks.mjs");
    writeFileSync(file, "export function a() {}\n");
    const result = await dk(["-f", file, "--list"]);
    expect(result.stderr).toMatch(
      /^dk: -f\/--file: \S+tasks\.mjs is not a TypeScript file \(\.ts, \.mts, \.cts, \.tsx\); dk reads each task's /,
    );
    expect(result.code).toBe(2);
  });

  it("rejects -f naming a directory, pointing at the tasks file in it when there is one", async () => {
    const project = dirname(fixture("core"));
    const withTasks = await dk(["-f", project, "--list"]);
    expect(withTasks.stderr).toMatch(
      new RegExp(`^dk: -f/--file: ${project} is a directory; its tasks file: -f ${project}/tasks\\.ts\n`),
    );
    expect(withTasks.code).toBe(2);
    const empty = await dk(["-f", tempDir("dk-empty-"), "--list"]);
    expect(empty.stderr).toMatch(/^dk: -f\/--file: \S+ is a directory, not a tasks file\n/);
    expect(empty.code).toBe(2);
  });
});
