// Flags named like what every object inherits (`constructor`, `toString`): a flag not given has no value.
import { describe, expect, it } from "vitest";
import { parseTaskArgs } from "../src/parse-flags.ts";
import type { Task } from "../src/types.ts";
import { flag } from "./helpers/flag.ts";

const task: Task = {
  name: "t",
  exportName: "t",
  help: "",
  rest: false,
  flags: [flag("constructor", "string"), flag("valueOf", "string[]"), flag("hasOwnProperty", "boolean")],
};

describe("flags named after an object's inherited properties", () => {
  it("are left out when not given, and read when given", () => {
    expect(parseTaskArgs(task, []).options).toEqual({});
    expect(parseTaskArgs(task, ["--constructor", "x", "--valueOf", "a,b", "--hasOwnProperty"]).options).toEqual({
      constructor: "x",
      valueOf: ["a", "b"],
      hasOwnProperty: true,
    });
  });
});
