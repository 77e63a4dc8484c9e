import { afterEach, describe, expect, it } from "vitest";
import { Group } from "../src/group.ts";
import { setPrinter } from "../src/output/printer.ts";
import { run } from "../src/run.ts";

afterEach(() => void setPrinter(undefined));

describe("bad input to a run", () => {
  it("names the value and its real type: an array is an array, not a string", async () => {
    await expect(run(["echo", 1] as never)).rejects.toThrow(
      'Expected `command` to be a non-empty string or a non-empty array of strings, got `["echo",1]` (array)',
    );
    await expect(run("  ")).rejects.toThrow(
      'Expected `command` to be a non-empty string or array, got `"  "` (string)',
    );
    await expect(run("true", { timeout: "5" as never })).rejects.toThrow(/got `5` \(string\)$/);
    await expect(run("true", { env: { A: null as never } })).rejects.toThrow(
      "Expected `env.A` to be a string, got `null` (null)",
    );
    await expect(run("true", { cwd: { dir: "/" } as never })).rejects.toThrow('got `{"dir":"/"}` (object)');
  });
});

describe("a group of no hosts", () => {
  it("runs nothing and says so, once per call", async () => {
    const notices: string[] = [];
    setPrinter({ line: () => undefined, notice: (tag, text) => void notices.push(`${tag}: ${text}`) });
    expect(await new Group([]).run("true")).toEqual([]);
    expect(await new Group([]).runFunction(() => 1)).toEqual([]);
    expect(notices).toEqual([
      "group: no hosts: this group call runs nothing",
      "group: no hosts: this group call runs nothing",
    ]);
  });
});
