import { describe, expect, it } from "vitest";
import { kebabCase } from "../src/names.ts";
import { closest } from "../src/suggest.ts";

describe("kebabCase", () => {
  it.each([
    ["deployNixos", "deploy-nixos"],
    ["dryRun", "dry-run"],
    ["hosts", "hosts"],
    ["HTTPServer", "http-server"],
    ["dry_run", "dry-run"],
    ["retries3", "retries3"],
    ["check2Fa", "check2-fa"],
  ])("%s → %s", (name, expected) => {
    expect(kebabCase(name)).toBe(expected);
  });
});

describe("closest", () => {
  it.each([
    ["restat", ["restart", "reboot"], "restart"],
    ["--retires", ["--retries", "--hosts"], "--retries"],
    ["prd", ["prod", "staging"], "prod"],
    ["7", ["1", "2", "3"], undefined],
    ["deploy", ["lint", "test"], undefined],
  ])("%s among %j → %s", (word, candidates, expected) => {
    expect(closest(word, candidates)).toBe(expected);
  });
});

describe("closest, for a word pasted by mistake", () => {
  // Lengths further apart than the hint allows are never compared letter by letter: each comparison's time grows with
  // both lengths, and a 128 KiB word among 3000 tasks took 15 s before dk said it was no task.
  it("reads no letter of a name whose length rules it out", () => {
    let reads = 0;
    const word = new Proxy(new String("x".repeat(1000)), {
      get: (target, key) => {
        if (typeof key === "string" && /^\d+$/.test(key)) reads++;
        const value = Reflect.get(target, key, target) as unknown;
        return typeof value === "function" ? (value as () => unknown).bind(target) : value;
      },
    }) as unknown as string;
    const names = Array.from({ length: 100 }, (_, index) => `task-${index}`);
    expect(closest(word, names)).toBeUndefined();
    expect(reads).toBe(0);
  });
});
