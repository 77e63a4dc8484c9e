import { describe, expect, it } from "vitest";
import { jsonSafe, printedValue } from "../src/format/value.ts";

describe("a task's return value as --json and --print show it", () => {
  it("gives Maps and Sets as what they hold, nested too", () => {
    const value = { roles: new Map([["web1", "web"]]), seen: new Set(["a", "b"]), nested: [new Map([[1, new Set()]])] };
    expect(jsonSafe(value)).toEqual({ roles: { web1: "web" }, seen: ["a", "b"], nested: [{ 1: [] }] });
    expect(printedValue(new Set([1]))).toBe("[\n  1\n]\n");
  });

  it("keeps what JSON holds as it is, and shows the rest as inspected text", () => {
    expect(jsonSafe({ a: [1, "x", null], d: new Date(0) })).toEqual({
      a: [1, "x", null],
      d: "1970-01-01T00:00:00.000Z",
    });
    expect(jsonSafe({ n: 10n })).toBe("{ n: 10n }");
    expect(jsonSafe(undefined)).toBeNull();
  });
});
