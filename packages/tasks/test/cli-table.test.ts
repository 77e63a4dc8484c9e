// The global-flag table is the CLI's one declaration: every row parses, and shows in help and completion.
import { escapeRegExp } from "./helpers/escape.ts";
import { describe, expect, it } from "vitest";
import { AFTER_TASK, GLOBAL_FLAGS, flagName } from "../src/cli/global-flags.ts";
import type { GlobalFlag } from "../src/cli/global-flag-types.ts";
import { candidates, fileFromWords } from "../src/complete.ts";
import { UsageError } from "../src/errors.ts";
import { globalHelp, helpSyntax } from "../src/format/global-help.ts";
import { taskHelp } from "../src/format/help.ts";
import { parseGlobals } from "../src/globals.ts";
import { parseTaskArgs } from "../src/parse-flags.ts";
import type { Task } from "../src/types.ts";

const flags: Task["flags"] = [
  { name: "hosts", property: "hosts", type: "string", required: false },
  { name: "tags", property: "tags", type: "string[]", required: false },
  { name: "wait", property: "wait", type: "boolean", required: false },
  { name: "dry-run", property: "dryRun", type: "boolean", required: false },
];
const task: Task = { name: "deploy", exportName: "deploy", help: "", rest: false, flags };

// A value each valued flag accepts, and what it becomes.
const samples: Record<string, [string, unknown]> = {
  file: ["x.ts", "x.ts"],
  limit: ["3", 3],
  on: ["@web", "@web"],
  transport: ["native", "native"],
};

function words(flag: GlobalFlag, spelling = `--${flagName(flag)}`): string[] {
  return flag.value === undefined ? [spelling] : [spelling, samples[flag.key]![0]];
}

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error("no UsageError");
}

describe.each(GLOBAL_FLAGS.map((flag) => [`--${flagName(flag)}`, flag] as const))("global flag %s", (name, flag) => {
  it("parses before the task name, long and short", () => {
    const expected = flag.value === undefined ? true : samples[flag.key]![1];
    for (const spelling of [name, ...(flag.short === undefined ? [] : [`-${flag.short}`])]) {
      const globals = parseGlobals([...words(flag, spelling), "deploy"]);
      expect(globals[flag.key], spelling).toEqual(expected);
      expect(globals.command).toBe("deploy");
    }
  });

  it("is an error when given twice", () => {
    expect(usageError(() => parseGlobals([...words(flag), ...words(flag), "deploy"]))).toBe(
      `${name} given more than once`,
    );
  });

  it("shows in dk --help and among the completions before a task", () => {
    expect(globalHelp()).toMatch(
      new RegExp(
        `^ {2}${flag.short === undefined ? "" : `-${flag.short}, `}${name}\\b.* {2}` +
          `${flag.help.replace(/[()[\]]/g, "\\$&")}$`,
        "m",
      ),
    );
    expect(candidates([], [])).toContain(name);
  });

  it(
    flag.afterTask ? "means the same after the task name, and is offered there" : "is not a flag after the task name",
    () => {
      const globals = parseGlobals(["deploy", ...words(flag)]);
      if (flag.afterTask) {
        // A switch is read with dk's own flags; a value (--limit) where the task's flags are read.
        if (flag.value === undefined) expect(globals[flag.key]).toBe(true);
        else expect(parseTaskArgs(task, words(flag)).dk.get(flagName(flag))).toBe(samples[flag.key]![0]);
        expect(() => parseTaskArgs(task, words(flag))).not.toThrow();
        expect(candidates(["deploy"], [{ ...task, file: "", builtin: false }])).toContain(name);
        // A task's help names it, with the table's help text (--help itself is how one got there).
        if (flag.key !== "help")
          expect(taskHelp({ ...task, file: "/t/tasks.ts", builtin: false }, "/t")).toMatch(
            new RegExp(`^ {2}${escapeRegExp(helpSyntax(flag))} +${escapeRegExp(flag.help)}$`, "m"),
          );
      } else {
        expect(globals[flag.key]).not.toEqual(flag.value === undefined ? true : samples[flag.key]![1]);
        // Named as dk's, with where it goes: not "unknown", nor a task flag it might be "meant" as.
        const said = `${name} is dk's own flag and goes before the task name`;
        expect(usageError(() => parseTaskArgs(task, words(flag)))).toBe(
          flag.value === undefined ? `${said} (dk --help)` : `${said}: dk ${name} ${flag.value} deploy …`,
        );
        if (flag.short !== undefined)
          expect(usageError(() => parseTaskArgs(task, [`-${flag.short}`]))).toMatch(
            said.replace(name, `-${flag.short}`),
          );
      }
    },
  );
});

describe("a task's help", () => {
  it("lists dk's flags as a table, without one that takes a value where the task has a flag of that name", () => {
    const limited: Task = {
      ...task,
      flags: [...flags, { name: "limit", property: "limit", type: "number", required: false }],
    };
    const help = taskHelp({ ...limited, file: "/t/tasks.ts", builtin: false }, "/t");
    const dks = help.slice(help.indexOf("dk's flags, here too:\n"));
    expect(dks).toMatch(/^ {2}--on HOSTS +only these hosts/m);
    expect(dks).not.toMatch(/--limit/);
    // A switch of both means both: dk's dry run, and the task's own flag.
    expect(dks).toMatch(/^ {2}--dry-run +print commands/m);
    expect(taskHelp({ ...task, file: "/t/tasks.ts", builtin: false }, "/t")).toMatch(/^ {2}--limit N +run each/m);
  });

  it("leaves out a switch of dk's whose word the task's own value flag takes (`--json out.json`)", () => {
    const reporting: Task = {
      ...task,
      flags: [...flags, { name: "json", property: "json", type: "string", required: false }],
    };
    const help = taskHelp({ ...reporting, file: "/t/tasks.ts", builtin: false }, "/t");
    const dks = help.slice(help.indexOf("dk's flags, here too:\n"));
    expect(dks).not.toMatch(/--json/);
    expect(dks).toMatch(/^ {2}--print +print each/m);
  });
});

describe("global flags: dk's rules through yargs-parser", () => {
  it("completes --ask-sudo-password", () => {
    expect(candidates([], [])).toContain("--ask-sudo-password");
  });

  it("completes the value of --transport from its choices, and leaves other values to the shell", () => {
    expect(candidates(["--transport"], [])).toEqual(["auto", "native", "openssh"]);
    expect(candidates(["--limit"], [])).toEqual([]);
    expect(candidates(["-f"], [])).toEqual([]);
  });

  it("completes the value of dk's --transport after a task name; --limit's and --on's are the shell's", () => {
    const tasks = [{ ...task, file: "", builtin: false }];
    expect(candidates(["deploy", "--transport"], tasks)).toEqual(["auto", "native", "openssh"]);
    expect(candidates(["deploy", "--limit"], tasks)).toEqual([]);
    expect(candidates(["deploy", "--on"], tasks)).toEqual([]);
    // Past the value, the task's flags again, without the one given.
    const after = candidates(["deploy", "--transport", "native"], tasks);
    expect(after).toContain("--hosts");
    expect(after).not.toContain("--transport");
  });

  it.each([
    [["-f", "x.ts", "deploy"], "x.ts"],
    [["--file=y.ts", "--list"], "y.ts"],
    [["-f=z.ts"], "z.ts"],
    [["-f"], undefined],
    [["deploy", "--hosts", "a"], undefined],
  ])("completion reads the tasks file of %j: %s", (words, file) => {
    expect(fileFromWords(words)).toBe(file);
  });

  it.each([
    [["--debug=x"], "--debug is a switch: use --debug, not --debug=x"],
    [["--limit", "0"], 'needs a positive whole number of hosts at once, got "0"'],
    [["-f", "--list"], "-f needs a path, got the flag --list (write --file=--list to pass it as the value)"],
    [["--limit"], "--limit needs a positive whole number of hosts at once"],
    [["-v"], "unknown flag -v (did you mean -V?)"],
    [["--dryrun"], "unknown flag --dryrun (did you mean --dry-run?)"],
    [["--no-verbose", "deploy"], "--no-verbose: dk's --verbose is off unless given; it has no --no- form"],
    [["--", "deploy"], "-- must follow a task name"],
  ])("%j: %s", (argv, message) => {
    expect(usageError(() => parseGlobals(argv))).toContain(message);
  });

  it("takes true/false after = for a switch, and leaves the task's words alone", () => {
    const globals = parseGlobals(["--verbose=false", "--limit=2", "deploy", "--hosts", "-x", "--", "--list"]);
    expect(globals).toMatchObject({
      verbose: false,
      limit: 2,
      command: "deploy",
      args: ["--hosts", "-x", "--", "--list"],
      list: false,
    });
  });

  it("takes dk's short flags clustered before the task name, and leaves the task's words as typed", () => {
    expect(parseGlobals(["-lf", "x.ts", "db"])).toMatchObject({ list: true, file: "x.ts", command: "db", args: [] });
    expect(parseGlobals(["-fx.ts", "deploy", "-lf"])).toMatchObject({ file: "x.ts", command: "deploy", args: ["-lf"] });
    expect(parseGlobals(["-Vh"])).toMatchObject({ version: true, help: true });
    expect(parseGlobals(["-lf-x.ts", "db"])).toMatchObject({ list: true, file: "-x.ts", command: "db" });
    expect(usageError(() => parseGlobals(["-lx"]))).toBe("unknown flag -x in -lx");
    expect(usageError(() => parseGlobals(["-list"]))).toBe("unknown flag -list (did you mean --list?)");
  });

  it("never takes a word after the task name's -- as dk's", () => {
    expect(parseGlobals(["deploy", "--", "--debug", "--dry-run"])).toMatchObject({ debug: false, dryRun: false });
  });

  it("gives an after-task switch given before the task to the task's boolean flag of that name", () => {
    const on = parseGlobals(["--dry-run", "deploy"]);
    expect(
      parseTaskArgs(task, on.args, new Set(AFTER_TASK.filter((flag) => on[flag.key] === true).map(flagName))).options,
    ).toEqual({ dryRun: true });
  });
});

describe("task flags: dk's rules through yargs-parser", () => {
  it.each([
    [["--wait", "false"], 'unexpected argument "false" (flags start with --)'],
    [["--wait", "--wait"], "--wait given more than once"],
    [["--no-wait", "--wait"], "--wait given more than once"],
    [["--debug=yes"], "--debug is a switch: use --debug, not --debug=yes"],
    [
      ["--hosts", "--debug"],
      "--hosts needs a value (string), got the flag --debug (write --hosts=--debug to pass it as the value)",
    ],
    [["--hots", "a"], "unknown flag --hots (did you mean --hosts?)"],
    [["--debgu"], "unknown flag --debgu (did you mean --debug?)"],
    // A short name is no typo of a long one two letters away; a letter written long is its short flag.
    [["--x"], "unknown flag --x"],
    [["--h"], "unknown flag --h (did you mean -h?)"],
    // A long name (or a typo of one) with one dash is that word, not a cluster of unknown letters.
    [["-help"], "unknown flag -help (did you mean --help?)"],
    [["-hosts"], "unknown flag -hosts (did you mean --hosts?)"],
    [["-hsots=a"], "unknown flag -hsots (did you mean --hosts?)"],
    // --no- of a flag that has no off: what the flag is instead of "unknown flag".
    [["--no-hosts"], "--no-hosts: --hosts takes a value (string), and only a task's boolean flag has a --no- form"],
    [["--no-debug"], "--no-debug: dk's --debug is off unless given; it has no --no- form"],
    [
      ["--no-tags"],
      "--no-tags: --tags takes a value (string), and only a task's boolean flag has a --no- form; " +
        "--tags= gives it no items",
    ],
  ])("%j: %s", (argv, message) => {
    expect(usageError(() => parseTaskArgs(task, argv))).toBe(message);
  });

  it("says where dk's switch goes when the task's own value flag of that name (--json) has no value", () => {
    const reporting: Task = { ...task, flags: [{ name: "json", property: "json", type: "string", required: false }] };
    expect(usageError(() => parseTaskArgs(reporting, ["--json"]))).toBe(
      "--json needs a value (string); it is the task's own, and dk's --json goes before the task name",
    );
  });

  it("reads a flag whose own name starts with no- (noCache, noProxy) as itself, and --no-no-cache as its off", () => {
    const negative: Task = {
      ...task,
      flags: [
        { name: "no-cache", property: "noCache", type: "boolean", required: false },
        { name: "no-proxy", property: "noProxy", type: "string", required: false },
        { name: "cache", property: "cache", type: "boolean", required: false },
      ],
    };
    expect(parseTaskArgs(negative, ["--no-cache", "--no-proxy", "h"]).options).toEqual({ noCache: true, noProxy: "h" });
    expect(parseTaskArgs(negative, ["--no-no-cache", "--cache"]).options).toEqual({ noCache: false, cache: true });
  });

  it("sees dk's after-task switches only as written: --h is no -h, so it is no request for help", () => {
    expect(parseGlobals(["deploy", "--h"]).help).toBe(false);
    expect(parseGlobals(["deploy", "-help"]).help).toBe(false);
    expect(parseGlobals(["deploy", "--hosts", "a", "-h"]).help).toBe(true);
  });

  it("reads values that start with a dash and a digit, and values after =", () => {
    expect(parseTaskArgs(task, ["--hosts", "-1x", "--no-wait"]).options).toEqual({ hosts: "-1x", wait: false });
    expect(parseTaskArgs(task, ["--hosts=--x", "--wait=false"]).options).toEqual({ hosts: "--x", wait: false });
  });
});
