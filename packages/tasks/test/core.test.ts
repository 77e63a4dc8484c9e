import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { fixture } from "./helpers/paths.ts";

const file = fixture("core");

beforeAll(ensureBuilt, BUILD_HOOK_MS);

describe("tasks that use @deploykit/core", () => {
  it("read flag types from core's own types and run commands", async () => {
    expect((await dk(["-f", file, "say", "--help"])).stdout).toContain("--[no-]check");
    const result = await dk(["-f", file, "say", "--text", "hi there"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\[localhost\] hi there\n/);
  });

  it("print commands instead of running them with --dry-run", async () => {
    const result = await dk(["-f", file, "--dry-run", "say", "--text", "hi there"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("echo 'hi there'");
    expect(result.stdout).not.toMatch(/\[localhost\] hi there\n/);
  });

  it("report a CommandError in one short message, without a stack", async () => {
    const result = await dk(["-f", file, "failing"]);
    // The one failed command's exit code, as invoke's.
    expect(result.code).toBe(3);
    const summary = result.stderr.split("\n").filter((line) => line.startsWith("dk: "));
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatch(/^dk: task "failing" failed: .*exit code 3/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
