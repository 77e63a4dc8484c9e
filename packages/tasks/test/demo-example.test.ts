// The quick start's demo (`pnpm dk demo`: the root tasks.ts's demo task, examples/demo.ts) through the real dk: it
// starts its sandbox hosts, runs on them, shows the one failing host's GroupError and the summary, and removes them.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { packageDir, tempDir } from "./helpers/paths.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

describe("dk demo", () => {
  it("shows the demo on two sandbox hosts, exits 0 and removes its sandbox", { timeout: 150_000 }, async () => {
    // A TMPDIR of its own, where the sandbox keeps its files.
    const tmp = tempDir("demo-tmp-");
    const cwd = join(packageDir, "..", "..");
    const run = await dk(["demo", "--hosts", "2"], { cwd, env: { TMPDIR: tmp }, timeoutMs: 120_000 });
    // The failing host's own stderr line is the only one there.
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "[127.0.0.3] disk full on 127.0.0.3\n" });
    expect(run.stdout).toMatch(/\nhosts: \S+@127\.0\.0\.2:(\d+),\S+@127\.0\.0\.3:\1\n/);
    expect(run.stdout).toMatch(/\n\[127\.0\.0\.3\] step 3 on 127\.0\.0\.3\n/);
    expect(run.stdout).toMatch(/\n {2}127\.0\.0\.2: kernel \S+, load \S+\n {2}127\.0\.0\.3: kernel /);
    expect(run.stdout).toContain("\nGroupError: 1 of 2 hosts failed:\n  127.0.0.3: ");
    expect(run.stdout).toMatch(/` failed with exit code 1: disk full on 127\.0\.0\.3\n/);
    expect(run.stdout).toContain("\n== sandbox stopped and removed\n");
    expect(run.stdout).toContain("\n2 hosts: 1 ok, 1 failed (the task handled the failures and succeeded)\n");
    expect(readdirSync(tmp).filter((name) => name.startsWith("dk-sandbox-"))).toEqual([]);
  });
});
