// A number no flag can hold exactly (past 2^53 - 1) is bad usage wherever it is written: a task's flag, dk's --limit
// before or after the task, a built-in's flag, the environment, the config. Nothing runs, exit 2.
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { fixture, tempDir } from "./helpers/paths.ts";

const file = fixture("flags");
const RANGE = "within ±9007199254740991 (2^53 - 1: past it, whole numbers are not held exactly)";
const LIMIT = "--limit needs a whole number from 1 to 9007199254740991 (2^53 - 1)";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

// dk's first stderr line and exit code; nothing may have run (the fixture's tasks print JSON on stdout).
async function refused(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<string> {
  const result = await dk(args, { env, ...(cwd === undefined ? {} : { cwd }) });
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe("");
  return result.stderr.split("\n")[0]!;
}

describe("numbers past what a flag holds exactly", () => {
  it("a task's number flag refuses 1e20 and a 20-digit number, naming the flag and the range", async () => {
    expect(await refused(["-f", file, "restart", "--hosts", "a", "--retries", "1e20"])).toBe(
      `dk: --retries expects a number ${RANGE}, got "1e20"`,
    );
    expect(await refused(["-f", file, "every-type", "--force", "--ports", "22,12345678901234567891"])).toBe(
      `dk: --ports expects a number ${RANGE}, got "12345678901234567891"`,
    );
  });

  it("dk's --limit refuses one, before or after the task name", async () => {
    expect(await refused(["-f", file, "--limit", "99999999999999999999", "hello"])).toBe(
      `dk: ${LIMIT}, got "99999999999999999999"`,
    );
    expect(await refused(["-f", file, "hello", "--limit=9007199254740993"])).toBe(
      `dk: ${LIMIT}, got "9007199254740993"`,
    );
  });

  it("a built-in task's integer flag refuses one", async () => {
    expect(await refused(["-f", file, "reboot", "--hosts", "a", "--limit", "1e20", "--dry-run"])).toBe(
      `dk: --limit expects a number ${RANGE}, got "1e20"`,
    );
    const nixos = ["deploy-nixos", "--hosts", "a", "--max-failures", "0x20000000000000", "--dry-run"];
    expect(await refused(["-f", file, ...nixos])).toBe(
      `dk: --max-failures expects a number ${RANGE}, got "0x20000000000000"`,
    );
  });

  it("a preset from the environment or the config refuses one, naming where it came from", async () => {
    expect(await refused(["-f", file, "restart", "--hosts", "a"], { DK_RETRIES: "1e20" })).toBe(
      `dk: DK_RETRIES: --retries expects a number ${RANGE}, got "1e20"`,
    );
    const dir = tempDir("dk-range-");
    copyFileSync(file, join(dir, "tasks.ts"));
    // JSON.parse reads 12345678901234567891 as 12345678901234567000: named as written, and refused as such.
    writeFileSync(join(dir, "dk.config.json"), '{ "flags": { "retries": 12345678901234567891 } }\n');
    expect(await refused(["restart", "--hosts", "a"], {}, dir)).toBe(
      "dk: dk.config.json flags.retries: 12345678901234567891 is past what a JSON number holds exactly " +
        '(it reads as 12345678901234567000); write it as a string, "12345678901234567891"',
    );
    writeFileSync(join(dir, "dk.config.json"), '{ "flags": { "retries": "12345678901234567891" } }\n');
    expect(await refused(["restart", "--hosts", "a"], {}, dir)).toBe(
      `dk: dk.config.json flags.retries: --retries expects a number ${RANGE}, got "12345678901234567891"`,
    );
  });
});
