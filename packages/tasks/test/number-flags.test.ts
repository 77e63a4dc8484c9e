// A number flag's value: one syntax, whether written as the next word, after "=", in a list or with a minus sign.
import { describe, expect, it } from "vitest";
import { UsageError } from "../src/errors.ts";
import { parseArgv } from "../src/cli/parse-argv.ts";
import { parseGlobals } from "../src/globals.ts";
import { flagValue, parseTaskArgs } from "../src/parse-flags.ts";
import type { Flag, Task } from "../src/types.ts";

const count: Flag = { name: "count", property: "count", type: "number", required: false };
const ports: Flag = { name: "ports", property: "ports", type: "number[]", required: false };
const task: Task = { name: "scale", exportName: "scale", help: "", rest: false, flags: [count, ports] };

const accepted: [string, number][] = [
  ["42", 42],
  ["-7", -7],
  ["+5", 5],
  ["1.5", 1.5],
  ["5.", 5],
  [".5", 0.5],
  ["-.5", -0.5],
  ["1e3", 1000],
  ["-1e3", -1000],
  ["-.5e3", -500],
  ["1E-2", 0.01],
  ["1e+3", 1000],
  ["0x10", 16],
  ["-0x10", -16],
  ["0X1f", 31],
  ["0o17", 15],
  ["-0o17", -15],
  ["0b101", 5],
  ["-0b101", -5],
];

const rejected = ["", " 5", "5 ", "1_000", "-1_000", "Infinity", "NaN", "1,5", "0x", "1e", "--5", "-0x-1", "12abc"];

const parse = (argv: string[]) => parseTaskArgs(task, argv).options;

describe("number flags", () => {
  it.each(accepted)("take %j as %d: as the next word, after =, and in a list", (text, value) => {
    expect(parse(["--count", text])).toEqual({ count: value });
    expect(parse([`--count=${text}`])).toEqual({ count: value });
    expect(parse(["--ports", `1,${text}`])).toEqual({ ports: [1, value] });
    expect(parse(["--ports", text])).toEqual({ ports: [value] });
  });

  it("take a list that starts with a minus sign as values, not a flag: -.5,-.25 as -1,-2", () => {
    expect(parse(["--ports", "-.5,-.25"])).toEqual({ ports: [-0.5, -0.25] });
    expect(parse(["--ports", "-1,-2"])).toEqual({ ports: [-1, -2] });
    expect(() => parse(["--ports", "-.5,x"])).toThrow(UsageError);
  });

  it.each(rejected)("reject %j, saying what a number looks like", (text) => {
    const call = () => parse([`--count=${text}`]);
    expect(call).toThrow(UsageError);
    expect(call).toThrow(`--count expects a number (as 42, -1.5, .5, 1e3 or 0x1f), got "${text}"`);
  });

  it.each(["-Infinity", "-NaN", "-inf", "-x1", "-q"])(
    "reject %j as the next word, saying what a number looks like",
    (text) => {
      for (const argv of [
        ["--count", text],
        ["--ports", text],
      ]) {
        expect(() => parse(argv)).toThrow(
          `${argv[0]} needs a value (number), got "${text}": a number looks like 42, -1.5, .5, 1e3 or 0x1f`,
        );
      }
    },
  );

  it("reject a dash word after a number flag with choices as a number, not as text to pass with =", () => {
    const level: Flag = { name: "level", property: "level", type: "number", choices: [1, 2], required: false };
    expect(() => parseTaskArgs({ ...task, flags: [level] }, ["--level", "-Infinity"])).toThrow(
      '--level needs a value (one of 1, 2), got "-Infinity": a number looks like 42, -1.5, .5, 1e3 or 0x1f',
    );
  });

  it("know a number flag by its kind, whatever its description says", () => {
    const fail = (message: string) => new UsageError(message, "dk t");
    const flags = [{ name: "n", takes: "value", kind: "number", needs: "how many, as digits" } as const];
    expect(() => parseArgv(["--n", "-Infinity"], { flags, fail })).toThrow(
      '--n needs how many, as digits, got "-Infinity": a number looks like 42',
    );
    const text = [{ name: "n", takes: "value", needs: "a value (number)" } as const];
    expect(() => parseArgv(["--n", "-Infinity"], { flags: text, fail })).toThrow("write --n=-Infinity");
  });

  it("reject a dash word after dk's --limit without telling to pass it with =, which --limit refuses too", () => {
    for (const argv of [
      ["--limit", "-Infinity"],
      ["--limit", "-q"],
    ]) {
      expect(() => parse(argv)).toThrow(`--limit needs a positive whole number of hosts at once, got "${argv[1]}"`);
      expect(() => parse(argv)).not.toThrow("--limit=");
    }
  });

  it("reject a word that names no flag after a text flag, saying how to pass it as the value", () => {
    const named: Task = { ...task, flags: [{ name: "name", property: "name", type: "string", required: false }] };
    expect(() => parseTaskArgs(named, ["--name", "-Infinity"])).toThrow(
      '--name needs a value (string), got "-Infinity", which is no flag (write --name=-Infinity to pass it',
    );
  });

  const RANGE = "within ±9007199254740991 (2^53 - 1: past it, whole numbers are not held exactly)";

  it.each([
    "1e400",
    "-1e400",
    "1e20",
    "9007199254740992",
    "12345678901234567891",
    "-9007199254740993",
    "0x20000000000001",
  ])("reject %j, which a double does not hold exactly, naming the flag and the range", (text) => {
    expect(() => parse([`--count=${text}`])).toThrow(`--count expects a number ${RANGE}, got "${text}"`);
    expect(() => parse(["--ports", `1,${text}`])).toThrow(`--ports expects a number ${RANGE}, got "${text}"`);
  });

  it("take the largest and smallest numbers held exactly, and fractions within them", () => {
    expect(parse(["--count", "9007199254740991"])).toEqual({ count: Number.MAX_SAFE_INTEGER });
    expect(parse(["--count", "-9007199254740991"])).toEqual({ count: -Number.MAX_SAFE_INTEGER });
    expect(parse(["--count", "0x1fffffffffffff"])).toEqual({ count: Number.MAX_SAFE_INTEGER });
    expect(parse(["--count", "1e15"])).toEqual({ count: 1e15 });
    expect(parse(["--count", "1e-300"])).toEqual({ count: 1e-300 });
  });

  it("reject dk's --limit past 2^53 - 1 naming the range", () => {
    expect(() => parseGlobals(["--limit=9007199254740992", "t"])).toThrow(
      '--limit needs a whole number from 1 to 9007199254740991 (2^53 - 1), got "9007199254740992"',
    );
    expect(parseGlobals(["--limit=9007199254740991", "t"]).limit).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("read a preset's text (environment, config) by the same rule", () => {
    const fail = (message: string) => new UsageError(message, "dk scale");
    expect(flagValue(count, ["-0x10"], fail)).toBe(-16);
    expect(flagValue(ports, ["-.5e3,0b1"], fail)).toEqual([-500, 1]);
    expect(() => flagValue(count, ["1_000"], fail)).toThrow('got "1_000"');
  });
});
