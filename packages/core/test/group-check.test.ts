import { afterEach, describe, expect, it } from "vitest";
import { GroupError } from "../src/group-error.ts";
import { setPrinter } from "../src/output/printer.ts";
import { parseHosts } from "../src/parse-hosts.ts";

const quiet = { line: () => undefined, notice: () => undefined };
afterEach(() => void setPrinter(undefined));

describe("a group's check: false from with()", () => {
  it("returns a host that could not run as a failed result, as check: false given to the call does", async () => {
    setPrinter(quiet);
    // Nothing listens on port 1: the connection is refused at once, a failure that check: false does not turn
    // into a result.
    const group = parseHosts("127.0.0.1:1,127.0.0.2:1", { hostKeyCheck: "none" });
    const byCall = await group.run("true", { check: false, echo: false });
    const byWith = await group.with({ check: false }).run("true", { echo: false });
    expect(byCall.map((r) => r.ok)).toEqual([false, false]);
    expect(byWith.map((r) => r.ok)).toEqual([false, false]);
    // The call's own check still wins over the hosts'.
    await expect(group.with({ check: false }).run("true", { check: true, echo: false })).rejects.toBeInstanceOf(
      GroupError,
    );
  });

  it("holds for runLocal too", async () => {
    setPrinter(quiet);
    const group = parseHosts("a,b").with({ check: false, echo: false });
    const results = await group.runLocal("true", { cwd: "/nonexistent-dk-dir" });
    expect(results.map((r) => r.ok)).toEqual([false, false]);
    await expect(parseHosts("a").runLocal("true", { cwd: "/nonexistent-dk-dir", echo: false })).rejects.toThrow(
      GroupError,
    );
  });
});
