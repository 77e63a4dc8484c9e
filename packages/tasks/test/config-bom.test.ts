// A dk.config.json or package.json that starts with a UTF-8 byte order mark (as Windows editors save one) is read as
// Node and npm read it: the mark is no part of the JSON.
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { fixture, tempDir } from "./helpers/paths.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

describe("a config with a byte order mark", () => {
  it.each([
    ["dk.config.json", '{ "flags": { "name": "from the config" } }'],
    ["package.json", '{ "name": "p", "dk": { "flags": { "name": "from the config" } } }'],
  ])("%s is read", async (name, text) => {
    const dir = tempDir("dk-bom-");
    copyFileSync(fixture("flags"), join(dir, "tasks.ts"));
    writeFileSync(join(dir, name), `\uFEFF${text}\n`);
    const result = await dk(["every-type", "--force"], { cwd: dir });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({ name: "from the config", force: true });
  });
});
