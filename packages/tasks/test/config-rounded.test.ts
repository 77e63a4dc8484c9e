// A whole number in the config that JSON.parse rounds (past 2^53) or makes Infinity is refused as written, whatever
// the flag's type: a string flag took the rounded digits as its value, and a number flag's error quoted them.
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { fixture, tempDir } from "./helpers/paths.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const rounded = (literal: string, reads: string) =>
  `${literal} is past what a JSON number holds exactly (it reads as ${reads}); write it as a string, "${literal}"`;

// dk every-type --force in a project with `files` beside the fixture's tasks file.
async function everyType(files: Record<string, string>) {
  const dir = tempDir("dk-rounded-");
  copyFileSync(fixture("flags"), join(dir, "tasks.ts"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dk(["every-type", "--force"], { cwd: dir });
}

async function refused(files: Record<string, string>): Promise<string> {
  const result = await everyType(files);
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe("");
  return result.stderr.split("\n")[0]!;
}

describe("a config number JSON.parse does not keep", () => {
  it("is refused for a string flag, which took it as 9007199254740992", async () => {
    expect(await refused({ "dk.config.json": '{ "tasks": { "every-type": { "name": 9007199254740993 } } }' })).toBe(
      `dk: dk.config.json tasks.every-type.name: ${rounded("9007199254740993", "9007199254740992")}`,
    );
  });

  it("is named as written in an array, past the largest double, and in package.json#dk", async () => {
    expect(await refused({ "dk.config.json": '{ "flags": { "ports": [22, 1e400] } }' })).toBe(
      `dk: dk.config.json flags.ports: ${rounded("1e400", "Infinity")}`,
    );
    const pkg = '{ "name": "p", "dk": { "flags": { "count": 12345678901234567891 } } }';
    expect(await refused({ "package.json": pkg })).toBe(
      `dk: package.json#dk flags.count: ${rounded("12345678901234567891", "12345678901234567000")}`,
    );
  });

  it("leaves alone numbers held exactly, fractions, numbers in strings, and a key given again", async () => {
    const exactConfig =
      '{ "flags": { "name": "a\\"9007199254740993", "count": 9007199254740991, "ratio": 1.00000000000000000001 } }';
    const exact = await everyType({ "dk.config.json": exactConfig });
    expect(exact.stderr).toBe("");
    expect(JSON.parse(exact.stdout)).toEqual({
      name: 'a"9007199254740993',
      count: 9007199254740991,
      ratio: 1,
      force: true,
    });
    const again = await everyType({ "dk.config.json": '{ "flags": { "name": 1e400, "name": "x", "level": 3 } }' });
    expect(again.stderr).toBe("");
    expect(JSON.parse(again.stdout)).toEqual({ name: "x", level: 3, force: true });
    const elsewhere = await everyType({ "package.json": '{ "name": "p", "n": 9007199254740993, "dk": {} }' });
    expect(elsewhere.stderr).toBe("");
    expect(JSON.parse(elsewhere.stdout)).toEqual({ force: true });
  });
});
