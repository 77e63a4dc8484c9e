// dk started in a directory that was removed since the shell entered it: a clear error, not Node's uv_cwd crash.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { collect } from "@deploykit/sandbox";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dkBin, fixture, tempDir } from "./helpers/paths.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

// Runs dk from inside a directory the shell removes just before starting it.
function dkInRemovedDir(args: readonly string[]) {
  const dir = join(tempDir("dk-gone-"), "gone");
  mkdirSync(dir);
  const script = 'cd "$1" && rmdir "$1" && shift && exec "$@"';
  return collect("sh", ["-c", script, "sh", dir, process.execPath, dkBin, ...args], {
    env: { ...process.env, NO_COLOR: "1", DK_CACHE_DIR: tempDir("dk-cache-") },
  }).then((result) => ({ ...result, dir }));
}

describe("the current directory no longer exists", () => {
  it.each([["--list"], ["-f", fixture("exits"), "ok"]])("dk %s says so and what to do, exit 1", async (...args) => {
    const { code, stdout, stderr, dir } = await dkInRemovedDir(args);
    expect(stderr).toBe(
      `dk: ${dir}: the current directory no longer exists (removed since the shell entered it); ` +
        "cd into your project again\n",
    );
    expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
  });

  it("still prints the version and completion scripts, which need no directory", async () => {
    const version = await dkInRemovedDir(["--version"]);
    expect(version).toMatchObject({ code: 0, stderr: "", stdout: expect.stringMatching(/^dk \d/) });
    const bash = await dkInRemovedDir(["completion", "bash"]);
    expect(bash).toMatchObject({ code: 0, stderr: "", stdout: expect.stringContaining("complete -o default") });
  });
});
