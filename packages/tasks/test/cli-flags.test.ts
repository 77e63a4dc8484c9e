import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { fixture } from "./helpers/paths.ts";

const file = fixture("flags");

// Runs a task of the flags fixture and parses the JSON it printed.
async function call(...args: string[]): Promise<unknown> {
  const result = await dk(["-f", file, ...args]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

beforeAll(ensureBuilt, BUILD_HOOK_MS);

describe("dk TASK: flags become the options object", () => {
  it("passes the issue's example through, defaults left to the function", async () => {
    expect(await call("restart", "--hosts", "a,b", "--no-wait", "--retries", "5", "--env", "prod")).toEqual({
      hosts: "a,b",
      service: "nginx",
      wait: false,
      retries: 5,
      env: "prod",
    });
  });

  it("accepts --flag=value, and a value that looks like a flag after =", async () => {
    expect(await call("restart", "--hosts=a", "--service=--weird", "--retries=0")).toMatchObject({
      hosts: "a",
      service: "--weird",
      retries: 0,
    });
  });

  const cases: [string, string[], object][] = [
    ["a string", ["--name", "x y"], { name: "x y" }],
    ["an integer", ["--count", "42"], { count: 42 }],
    ["a negative fraction as a value", ["--ratio", "-0.5"], { ratio: -0.5 }],
    ["a switch", ["--verbose"], { verbose: true }],
    ["a switch turned off", ["--no-verbose"], { verbose: false }],
    ["a switch with =true/=false", ["--verbose=false"], { verbose: false }],
    ["a number choice", ["--level", "3"], { level: 3 }],
    ["a repeated, comma-separated string array", ["--tags", "a,b", "--tags", "c"], { tags: ["a", "b", "c"] }],
    ["a number array", ["--ports", "22,2222"], { ports: [22, 2222] }],
    ["a task flag named --dry-run", ["--dry-run"], { dryRun: true }],
  ];
  it.each(cases)("parses %s", async (_label, args, expected) => {
    expect(await call("every-type", "--force", ...args)).toEqual({ force: true, ...expected });
  });

  it("passes a global --dry-run to a task that has its own dryRun flag", async () => {
    expect(await call("--dry-run", "every-type", "--force")).toEqual({ force: true, dryRun: true });
  });

  it("takes --debug after the task name as before it: it also traces the loading", async () => {
    await call("hello");
    const before = await dk(["-f", file, "--debug", "hello"]);
    const after = await dk(["-f", file, "hello", "--debug"]);
    expect(after.stderr).toMatch(/^dk: cache hit: /m);
    expect(after).toEqual(before);
    // Also when the words ask for the task's help instead.
    const help = await dk(["-f", file, "hello", "--debug", "--help"]);
    expect(help.stdout).toMatch(/^Usage: dk hello/);
    expect(help.stderr).toMatch(/^dk: cache hit: /m);
  });

  it("leaves optional flags that were not given out of the object", async () => {
    expect(await call("every-type", "--no-force")).toEqual({ force: false });
  });

  it("runs a task without flags", async () => {
    expect(await call("hello")).toBe("hello");
  });

  it("passes everything after -- untouched as the second argument", async () => {
    expect(await call("exec", "--shell", "sh", "--", "--help", "-x", "--", "a b")).toEqual({
      options: { shell: "sh" },
      args: ["--help", "-x", "--", "a b"],
    });
  });

  it("passes them one per argument to a rest parameter (...args), none when none are given", async () => {
    const spread = async (...args: string[]) => JSON.parse((await dk(["-f", fixture("spread"), ...args])).stdout);
    expect(await spread("spread", "--shell", "sh", "--", "a b", "-x")).toEqual({
      options: { shell: "sh" },
      args: ["a b", "-x"],
    });
    expect(await spread("spread")).toEqual({ options: {}, args: [] });
  });
});
