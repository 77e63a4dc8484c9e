// examples/tasks.ts's try-deploy as the README runs it (`pnpm dk try-deploy` in examples/): a start that fails, or
// that Ctrl-C stops, leaves nothing of its sandbox hosts behind in the temp directory.
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { collect, waitUntil } from "@deploykit/sandbox";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { dkBin, packageDir, tempDir } from "./helpers/paths.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const examples = join(packageDir, "..", "..", "examples");

// What try-deploy's runs left in their temp directory `tmp`.
const leftIn = (tmp: string) => readdirSync(tmp).filter((name) => name.startsWith("dk-"));

describe("examples/tasks.ts try-deploy", () => {
  it("removes its stand-in NixOS directory when the sandbox hosts cannot start", { timeout: 120_000 }, async () => {
    const tmp = tempDir("try-deploy-tmp-");
    const run = await dk(["try-deploy", "--hosts", "0"], { cwd: examples, env: { TMPDIR: tmp }, timeoutMs: 100_000 });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Expected `hosts` to be an integer from 1 to 65023, got `0`");
    expect(leftIn(tmp)).toEqual([]);
  });

  it("removes its stand-in NixOS directory at Ctrl-C while the sandbox hosts start", { timeout: 120_000 }, async () => {
    const tmp = tempDir("try-deploy-tmp-");
    // An sshd that never listens holds the start where Ctrl-C comes; it says when it runs.
    const bin = tempDir("slow-sshd-");
    const started = join(bin, "started");
    writeFileSync(join(bin, "sshd"), `#!/bin/sh\n: > '${started}'\nexec sleep 60\n`, { mode: 0o755 });
    const env = { ...process.env, NO_COLOR: "1", TMPDIR: tmp, PATH: `${bin}:${process.env.PATH ?? ""}` };
    const run = await collect(process.execPath, [dkBin, "try-deploy"], {
      cwd: examples,
      env,
      timeoutMs: 100_000,
      onSpawn: (child) => {
        void waitUntil(() => existsSync(started), "the sandbox sshd to start", 60_000).then(() => child.kill("SIGINT"));
      },
    });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 130, stderr: "dk: interrupted (SIGINT)\n" });
    expect(leftIn(tmp)).toEqual([]);
  });
});
