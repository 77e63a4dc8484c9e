// An array flag's default from the config's JSON array takes each item as written; text is split at its commas. A task
// named like an inherited property (`constructor`) has only the config entries written for it.
import { describe, expect, it } from "vitest";
import { presetsFor } from "../src/presets.ts";
import type { Task } from "../src/types.ts";
import { flag } from "./helpers/flag.ts";

const task: Task = { name: "t", exportName: "t", help: "", rest: false, flags: [flag("exclude", "string[]")] };
const config = (value: unknown) => ({ source: "dk.config.json", flags: { exclude: value }, tasks: {} });

describe("an array flag's preset", () => {
  it("from a JSON array keeps each item whole, commas and all", () => {
    expect(presetsFor(task, {}, config(["{a,b}.log", "c"])).get("exclude")?.value).toEqual(["{a,b}.log", "c"]);
  });

  it("from text (the environment, a JSON string) splits at the commas, as on the command line", () => {
    expect(presetsFor(task, {}, config("a,b")).get("exclude")?.value).toEqual(["a", "b"]);
    expect(presetsFor(task, { DK_EXCLUDE: "a,b" }, undefined).get("exclude")?.value).toEqual(["a", "b"]);
  });
});

describe("a task named after an object's inherited property", () => {
  it("takes no preset from the config's tasks when it has no entry there", () => {
    const named: Task = {
      name: "constructor",
      exportName: "constructor",
      help: "",
      rest: false,
      flags: [flag("name", "string")],
    };
    expect(presetsFor(named, {}, { source: "dk.config.json", flags: {}, tasks: {} }).has("name")).toBe(false);
  });
});
