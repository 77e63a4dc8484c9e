// A SIGHUP (the terminal closed) while dk compiles tasks.ts into a temporary dir, without a usable cache dir, removes
// that dir: nothing of dk's listened for it then, so dk died of it and left the dir, compiled tasks and all, in TMPDIR.
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { tempDir } from "./helpers/paths.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const hook = fileURLToPath(new URL("helpers/signal-after-mkdtemp.mjs", import.meta.url));

describe("a signal while dk compiles tasks.ts for one run", () => {
  it.each([
    ["SIGHUP", 129],
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ])("%s: dk ends as the signal says and leaves no temporary dir", async (signal, code) => {
    const dir = tempDir("dk-once-signal-");
    writeFileSync(join(dir, "tasks.ts"), 'export function hi() {\n  console.log("hi");\n}\n');
    // A cache dir dk refuses (others can write it): the tasks are compiled into a temporary dir of their own.
    const cache = join(tempDir("dk-shared-"), "cache");
    mkdirSync(cache);
    chmodSync(cache, 0o777);
    const tmp = tempDir("dk-tmp-");
    const env = { TMPDIR: tmp, DK_TEST_SIGNAL: signal };
    const cut = await dk(["hi"], { cwd: dir, cache, env, nodeArgs: ["--import", hook] });
    expect(cut.stderr).toMatch(/^signal-after-mkdtemp: \S+dk-tasks-\S+$/m);
    expect(cut.stdout).toBe("");
    // Ended by the signal itself, or by dk's exit code for it, as a shell shows both.
    expect([signal, code]).toContain(cut.signal ?? cut.code);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
