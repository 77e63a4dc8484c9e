// examples/tasks.ts's try-deploy as the README runs it (`pnpm dk try-deploy` in examples/): a start that fails leaves
// nothing of its sandbox hosts behind in the temp directory.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { packageDir, tempDir } from "./helpers/paths.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const examples = join(packageDir, "..", "..", "examples");

describe("examples/tasks.ts try-deploy", () => {
  it("removes its stand-in NixOS directory when the sandbox hosts cannot start", { timeout: 120_000 }, async () => {
    const tmp = tempDir("try-deploy-tmp-");
    const run = await dk(["try-deploy", "--hosts", "0"], { cwd: examples, env: { TMPDIR: tmp }, timeoutMs: 100_000 });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Expected `hosts` to be an integer from 1 to 65023, got `0`");
    expect(readdirSync(tmp).filter((name) => name.startsWith("dk-try-deploy-"))).toEqual([]);
  });
});
