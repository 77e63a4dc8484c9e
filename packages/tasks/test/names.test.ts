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
