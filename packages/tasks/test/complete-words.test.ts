// What `dk __complete` offers after a task name: the words split as dk splits them when it runs.
import { describe, expect, it } from "vitest";
import { candidates } from "../src/complete.ts";
import type { Flag, ResolvedTask } from "../src/types.ts";
import { flag } from "./helpers/flag.ts";

const task = (name: string, flags: Flag[]): ResolvedTask => ({
  name,
  exportName: name,
  help: "",
  rest: false,
  flags,
  file: "/t/tasks.ts",
  builtin: false,
});

const deploy = task("deploy", [
  flag("hosts", "string", { required: true }),
  flag("name", "string", { short: "n" }),
  flag("force", "boolean", { short: "f" }),
  flag("env", "string", { choices: ["prod", "staging"] }),
]);
const greet = task("greet", [
  flag("who", "string", { required: true }),
  flag("mood", "string", { required: true, choices: ["glad", "sad"] }),
]);
const limited = task("limited", [flag("limit", "boolean")]);
const tasks = [deploy, greet, limited];

describe("dk __complete after a task name", () => {
  it("waits for the value of a short flag (-n, -fn), and takes the next word as that value, not as a task", () => {
    expect(candidates(["deploy", "-n"], tasks)).toEqual([]);
    expect(candidates(["deploy", "-fn"], tasks)).toEqual([]);
    const after = candidates(["deploy", "--hosts", "a", "-n", "greet"], tasks);
    expect(after).toContain("--env");
    expect(after).not.toContain("--who");
    expect(after).not.toContain("--name");
  });

  it("leaves out flags given as --x=value, -x, in a cluster or negated", () => {
    const after = candidates(["deploy", "--hosts=a", "--env=prod", "-fn", "x"], tasks);
    for (const given of ["--hosts", "--env", "--force", "--no-force", "--name"]) expect(after).not.toContain(given);
    expect(candidates(["deploy", "--hosts", "a", "--no-force"], tasks)).not.toContain("--force");
  });

  it("offers the choices of a required flag the next word fills by position, and no task names there", () => {
    expect(candidates(["greet", "Bob"], tasks).slice(0, 2)).toEqual(["glad", "sad"]);
    expect(candidates(["greet", "Bob"], tasks)).not.toContain("deploy");
    expect(candidates(["greet", "Bob", "glad"], tasks)).toContain("deploy");
    expect(candidates(["greet"], tasks, () => new Set(["who"])).slice(0, 2)).toEqual(["glad", "sad"]);
  });

  it("leaves a word to the task's own boolean flag named like a dk flag that takes a value (--limit)", () => {
    expect(candidates(["limited", "--limit"], tasks)).toContain("deploy");
  });
});
