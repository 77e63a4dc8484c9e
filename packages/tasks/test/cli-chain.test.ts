import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { fixture } from "./helpers/paths.ts";

const file = fixture("chain");

// Runs dk on the chain fixture; each task prints one JSON line per thing it did.
async function lines(...args: string[]): Promise<unknown[]> {
  const result = await dk(["-f", file, ...args]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return result.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(`[${line}]`) as unknown);
}

// The task names, in the order they ran.
async function order(...args: string[]): Promise<string[]> {
  return (await lines(...args)).map((line) => (line as [string])[0]);
}

beforeAll(ensureBuilt, BUILD_HOOK_MS);

describe("dk TASK [flags] TASK [flags]...: several tasks in one call", () => {
  it("runs them in order, each with the flags after its name", async () => {
    expect(await lines("clean", "build", "--release", "greet", "--name", "Bob", "--greeting", "hi")).toEqual([
      ["clean"],
      ["build", { release: true, verbose: 0, quiet: false }],
      ["notify"],
      ["hi Bob"],
    ]);
  });

  it("runs each task at most once, pre- and post-tasks included", async () => {
    expect(await order("clean", "build", "notify", "clean")).toEqual(["clean", "build", "notify"]);
  });

  it("stops at the first failure, with that command's exit code", async () => {
    const result = await dk(["-f", file, "fail", "--code", "4", "clean"]);
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('"fail"\n');
    expect(result.stderr).toContain("`exit 4` failed with exit code 4");
  });

  it("refuses an unknown task anywhere in the chain before running any", async () => {
    const result = await dk(["-f", file, "clean", "buidl"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n")[0]).toBe(
      'dk: unknown task "buidl" (did you mean build?); "clean" takes no more values by position',
    );
  });

  it("shows the help of the task whose words ask, or the first one's when --help comes before them", async () => {
    const usage = async (...args: string[]) => (await dk(["-f", file, ...args])).stdout.split("\n")[0];
    expect(await usage("build", "clean", "--help")).toBe("Usage: dk clean");
    expect(await usage("build", "--release", "clean", "-h")).toBe("Usage: dk clean");
    expect(await usage("build", "--help", "clean")).toMatch(/^Usage: dk build /);
    expect(await usage("--help", "build", "clean", "--help")).toMatch(/^Usage: dk build /);
  });

  it("refuses a task named twice with different flags", async () => {
    const result = await dk(["-f", file, "build", "clean", "--help"]);
    expect(result.code).toBe(0);
    const twice = await dk(["-f", file, "greet", "a", "b", "greet", "c", "d"]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/^dk: task "greet" runs once per call, and it is named twice with different flags/);
    expect(twice.stdout).toBe("");
  });

  it("runs a task named twice with the same flags, however spelled, once", async () => {
    expect(await lines("greet", "--name", "Bob", "--greeting", "hi", "greet", "Bob", "hi")).toEqual([["hi Bob"]]);
    expect(await lines("greet", "-n", "Al", "--greeting=yo", "greet", "--name=Al", "yo")).toEqual([["yo Al"]]);
  });
});

describe("positional arguments", () => {
  it("fills required flags in declaration order, before or after the named flags", async () => {
    expect(await lines("greet", "Bob", "hello", "--times", "2")).toEqual([["hello Bob"], ["hello Bob"]]);
    expect(await lines("greet", "--times", "2", "Bob", "hi")).toEqual([["hi Bob"], ["hi Bob"]]);
    expect(await lines("greet", "--name", "Al", "hey")).toEqual([["hey Al"]]);
  });

  it("takes a task name after the positionals are filled as the next task", async () => {
    expect(await order("greet", "Bob", "hi", "clean")).toEqual(["hi Bob", "clean"]);
  });

  it("never takes a flag word as a value", async () => {
    const result = await dk(["-f", file, "greet", "--name", "--times", "2"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^dk: --name needs a value \(string\), got the flag --times/);
  });

  it("passes what follows -- to the rest parameter", async () => {
    expect(await lines("clean", "exec", "--shell", "sh", "--", "greet", "-x")).toEqual([
      ["clean"],
      ["exec", { shell: "sh" }, ["greet", "-x"]],
    ]);
  });
});

describe("short flags", () => {
  it("takes @short letters, clustered booleans and @count flags", async () => {
    expect(await lines("build", "-rqvvv")).toContainEqual(["build", { release: true, verbose: 3, quiet: true }]);
    expect(await lines("build", "-v", "--verbose", "-v")).toContainEqual([
      "build",
      { release: false, verbose: 3, quiet: false },
    ]);
    expect(await lines("greet", "-n", "Bob", "-t2", "--greeting", "yo")).toEqual([["yo Bob"], ["yo Bob"]]);
  });

  it("takes a value joined to its letter, also one that starts with a dash, and then the next task", async () => {
    expect(await lines("greet", "-n-x-", "yo", "-t2", "clean")).toEqual([["yo -x-"], ["yo -x-"], ["clean"]]);
    expect(await lines("greet", "-nBob", "yo", "-t-1", "clean")).toEqual([["clean"]]);
  });

  it("shows them in help", async () => {
    const result = await dk(["-f", file, "build", "--help"]);
    expect(result.stdout).toMatch(/^ {2}-v, --verbose\.\.\. +more output, once per -v \(counted: each use adds one/m);
    expect(result.stdout).toContain("Runs first: clean.\nRuns after it succeeds: notify.");
  });

  it("names an unknown letter in a cluster", async () => {
    const result = await dk(["-f", file, "build", "-rx"]);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe("dk: unknown flag -x in -rx");
  });
});

describe("namespaces, aliases and the default task", () => {
  it("runs namespaced tasks by dotted name, from a module and from an object", async () => {
    expect(await lines("docs.serve", "--port", "9", "ops.restart", "ops.deep.ping")).toEqual([
      ["docs.serve", 9],
      ["restart", "nginx"],
      ["ping"],
    ]);
  });

  it("runs the default task for a bare dk, and a namespace's for its name", async () => {
    expect(await order()).toEqual(["main"]);
    expect(await order("docs")).toEqual(["docs.build"]);
  });

  it("runs an alias as the same task: once per call", async () => {
    expect(await order("b", "build")).toEqual(["clean", "build", "notify"]);
    expect(await order("hello", "x", "y")).toEqual(["y x"]);
  });

  it("lists the tree, one namespace, or the nesting as JSON", async () => {
    const list = await dk(["-f", file, "--list"]);
    expect(list.stdout).toContain("  build (b)          Build it.\n");
    expect(list.stdout).toContain("  docs.\n    docs.build       Build the docs. [default]\n    docs.serve ");
    expect(list.stdout).toContain(
      "  ops.\n    ops.restart      Restart a service.\n    ops.deep.\n      ops.deep.ping",
    );
    const one = await dk(["-f", file, "--list", "docs"]);
    const after = await dk(["-f", file, "--list", "docs", "--json"]);
    expect(JSON.parse(after.stdout)).toMatchObject({ namespace: "docs", tasks: [{ name: "docs.build" }, {}] });
    expect((await dk(["-f", file, "--list", "docs", "--json", "--json"])).stderr).toMatch(
      /^dk: --json given more than once\n/,
    );
    expect((await dk(["-f", file, "--list", "docs", "ops"])).stderr).toMatch(
      /^dk: --list takes one namespace, got "ops" too\n/,
    );
    expect(one.stdout).toMatch(/^Tasks in .*, namespace docs:\n {2}docs\.build .*\n {2}docs\.serve .*\n\nRun/);
    const json = JSON.parse((await dk(["-f", file, "--list", "--json"])).stdout) as {
      tasks: { name: string }[];
      namespaces: { name: string; tasks: { name: string }[]; namespaces: { name: string }[] }[];
    };
    expect(json.tasks.find((task) => task.name === "build")).toMatchObject({
      pre: ["clean"],
      post: ["notify"],
      aliases: ["b"],
    });
    expect(json.namespaces.map((space) => space.name)).toEqual(["docs", "ops"]);
    expect(json.namespaces[1]!.namespaces[0]!.name).toBe("ops.deep");
  });

  it("names the tasks of a namespace that has no default", async () => {
    const result = await dk(["-f", file, "ops"]);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr.split("\n")[0]).toBe(
      'dk: "ops" is a namespace without a default task: name one of ops.restart, ops.deep.ping',
    );
  });

  it("suggests a namespaced task named without its namespace", async () => {
    for (const [word, name] of [
      ["restart", "ops.restart"],
      ["ping", "ops.deep.ping"],
      ["Serve", "docs.serve"],
    ]) {
      const result = await dk(["-f", file, word!]);
      expect(result.code).toBe(2);
      expect(result.stderr.split("\n")[0]).toBe(`dk: unknown task "${word}" (did you mean ${name}?)`);
    }
  });

  it("says which namespace it does not know", async () => {
    const result = await dk(["-f", file, "--list", "dcs"]);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe('dk: no namespace "dcs" (did you mean docs?)');
  });

  it("says a task named to --list is a task, and where its flags are", async () => {
    const result = await dk(["-f", file, "--list", "greet"]);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(
      'dk: "greet" is a task, not a namespace: dk greet --help shows its flags',
    );
    const alias = await dk(["-f", file, "--list", "b"]);
    expect(alias.stderr.split("\n")[0]).toBe('dk: "b" is a task, not a namespace: dk b --help shows its flags');
  });
});

describe("--json for several tasks", () => {
  type Document = { task: string; result: unknown; exitCode: number };
  const document = async (...args: string[]) =>
    JSON.parse((await dk(["-f", file, "--json", ...args])).stdout) as Document;

  it("names the task whose result it holds: the last named, not a @post task nor the first", async () => {
    expect(await document("returns", "text")).toMatchObject({ task: "text", result: "plain text", exitCode: 0 });
    expect(await document("text", "build")).toMatchObject({ task: "build", result: null, exitCode: 0 });
  });

  it("names the task that failed, with no result of another's", async () => {
    expect(await document("returns", "fail", "--code", "3", "text")).toMatchObject({
      task: "fail",
      result: null,
      exitCode: 3,
    });
  });
});
