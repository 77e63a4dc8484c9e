// A Ctrl-C (or SIGTERM) that comes while dk writes a cache file ends dk once the file is in place: it killed dk
// between the temporary file and its rename, which left that file (megabytes, for a code cache) in the cache dir.
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { tempDir } from "./helpers/paths.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const hook = fileURLToPath(new URL("helpers/signal-in-write.mjs", import.meta.url));

// Every file below `dir`, by its path there.
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

describe("a signal while dk writes its cache", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ])("%s: dk ends as the signal says, with no temporary file left and the next run served", async (signal, code) => {
    const dir = tempDir("dk-signal-write-");
    writeFileSync(join(dir, "tasks.ts"), 'export function hi() {\n  console.log("hi");\n}\n');
    const cache = tempDir("dk-signal-cache-");
    const env = { DK_TEST_SIGNAL: signal };
    const cut = await dk(["hi"], { cwd: dir, cache, env, nodeArgs: ["--import", hook] });
    expect(cut.stderr).toMatch(/^signal-in-write: \S+\.tmp$/m);
    // Ended by the signal itself, or by dk's exit code for it (130, 143), as a shell shows both.
    expect([signal, code]).toContain(cut.signal ?? cut.code);
    expect(cut.stdout).toBe("");
    expect(filesBelow(cache).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    const next = await dk(["hi"], { cwd: dir, cache });
    expect(next).toMatchObject({ code: 0, stdout: "hi\n", stderr: "" });
  });
});
