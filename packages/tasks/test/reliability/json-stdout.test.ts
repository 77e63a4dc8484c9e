import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "../helpers/build.ts";
import { dkBin, fixture, tempDir } from "../helpers/paths.ts";

const file = fixture("json-shapes");
const cache = tempDir("dk-cache-");

beforeAll(ensureBuilt, BUILD_HOOK_MS);

// Runs dk from bash the way a user's shell would: `dk ARGS | cat >OUT 2>ERR` or `dk ARGS >OUT 2>ERR`.
function dkFromShell(args: readonly string[], stdout: "pipe" | "file") {
  const dir = tempDir("dk-json-shell-");
  const env = { ...process.env, NO_COLOR: "1", DK_CACHE_DIR: cache, OUT: join(dir, "out"), ERR: join(dir, "err") };
  const script = stdout === "pipe" ? `"$@" 2>"$ERR" | cat >"$OUT"` : `"$@" >"$OUT" 2>"$ERR"`;
  const child = spawnSync("bash", ["-o", "pipefail", "-c", script, "bash", process.execPath, dkBin, ...args], {
    env,
    timeout: 30_000,
  });
  return { code: child.status, stdout: readFileSync(env.OUT, "utf8"), stderr: readFileSync(env.ERR, "utf8") };
}

// What the raw-fd task writes, in order, with dk's tagged lines of its command in between.
const TASK_LINES = "log line\n[localhost] $ echo tagged\n[localhost] tagged\nfd line\nchild line\nwrite line\n";

describe("dk --json TASK from a shell: the task's stdout goes to stderr at the file-descriptor level", () => {
  it.each(["pipe", "file"] as const)(
    "stdout a %s: direct fd 1 writes and a child inheriting stdout land on stderr, in order",
    (stdout) => {
      const result = dkFromShell(["-f", file, "--json", "raw-fd"], stdout);
      expect(result.code).toBe(0);
      const doc = JSON.parse(result.stdout) as { ok: boolean; hosts: { host: string }[] };
      expect([doc.ok, doc.hosts.map((host) => host.host)]).toEqual([true, ["localhost"]]);
      expect(result.stderr).toBe(TASK_LINES);
    },
  );

  it("keeps the document whole when the task then calls process.exit", () => {
    const result = dkFromShell(["-f", file, "--json", "exits", "--code", "3"], "pipe");
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, exitCode: 3, task: "exits" });
    expect(result.stderr).toBe("[localhost] $ echo recorded\n[localhost] recorded\nbefore exit\n");
  });
});
