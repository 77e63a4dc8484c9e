// What `dk __complete` offers after a task name: the words split as dk splits them when it runs.
import { describe, expect, it } from "vitest";
import { candidates, describedCandidates } from "../src/complete.ts";
import { completionLines } from "../src/complete-help.ts";
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
    expect(
      candidates(["greet"], tasks, () => new Map([["who", { value: "Bob", from: "DK_WHO" }]])).slice(0, 2),
    ).toEqual(["glad", "sad"]);
  });

  it("leaves a word to the task's own boolean flag named like a dk flag that takes a value (--limit)", () => {
    expect(candidates(["limited", "--limit"], tasks)).toContain("deploy");
  });

  it("describes each word in one line for zsh and fish (dk __describe), and bash gets the words alone", () => {
    const odd = {
      ...task("odd", [
        flag("mode", "string", { help: "how\tto\nrun \u001b[31mit", choices: ["a", "b"] }),
        flag("go", "boolean"),
      ]),
      // Its summary, as the list's: the first paragraph, whose lines the source wrapped.
      help: "Does odd\tthings\u0007\nhere.\n\nMore about it.",
      aliases: ["o"],
    };
    const first = describedCandidates([], [odd]);
    expect(first.slice(0, 3)).toEqual([
      { word: "odd", help: "Does odd things here." },
      { word: "o", help: "Does odd things here." },
      { word: "completion", help: "print a shell completion script" },
    ]);
    const after = describedCandidates(["odd"], [odd]);
    expect(after.slice(0, 4)).toEqual([
      { word: "--mode", help: "how to run [31mit (one of a, b)" },
      { word: "--go", help: "(boolean)" },
      { word: "--no-go", help: "(boolean)" },
      { word: "--limit", help: "run each group call of the task on at most N hosts at once" },
    ]);
    expect(describedCandidates(["odd", "--mode"], [odd])).toEqual([
      { word: "a", help: "" },
      { word: "b", help: "" },
    ]);
    expect(completionLines(after.slice(0, 2), true)).toBe("--mode\thow to run [31mit (one of a, b)\n--go\t(boolean)\n");
    expect(completionLines(after.slice(0, 2), false)).toBe("--mode\n--go\n");
    expect(completionLines([{ word: "a", help: "" }], true)).toBe("a\n");
  });
});
