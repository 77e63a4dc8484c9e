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

// Runs `script` in bash in a fresh directory, with "$@" the dk command line; returns its exit code and a reader
// of the files it left there.
function inShell(script: string, args: readonly string[]) {
  const dir = tempDir("dk-json-shared-");
  const env = { ...process.env, NO_COLOR: "1", DK_CACHE_DIR: cache };
  const child = spawnSync("bash", ["-c", script, "bash", process.execPath, dkBin, ...args], { cwd: dir, env });
  return { code: child.status, read: (name: string) => readFileSync(join(dir, name), "utf8") };
}

// What the raw-fd task writes, in order, with dk's tagged lines of its command in between.
const TASK_LINES = "log line\n[localhost] $ echo tagged\n[localhost] tagged\nfd line\nchild line\nwrite line\n";

describe("dk --json TASK from a shell: the task's stdout goes to stderr at the file-descriptor level", () => {
  it.each([
    ["pipe", "--json raw-fd"],
    ["file", "--json raw-fd"],
    ["pipe", "raw-fd --json"],
    ["file", "raw-fd --json"],
  ] as const)(
    "stdout a %s, dk %s: direct fd 1 writes and a child inheriting stdout land on stderr, in order",
    (stdout, words) => {
      const result = dkFromShell(["-f", file, ...words.split(" ")], stdout);
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

describe("dk --json TASK into a file or pipe that what runs after dk shares", () => {
  const args = ["-f", file, "--json", "raw-fd"];
  // The document alone, then `rest`: dk's writes advanced the shared offset, so later writes follow them.
  const documentThen = (text: string, rest: string) => {
    expect(text.endsWith(rest)).toBe(true);
    expect(JSON.parse(text.slice(0, text.length - rest.length))).toMatchObject({ ok: true, task: "raw-fd" });
  };

  it("`>` then a later write: the write follows the document", () => {
    const run = inShell(`{ "$@"; echo trailer; } >out 2>err`, args);
    expect(run.code).toBe(0);
    documentThen(run.read("out"), "trailer\n");
    expect(run.read("err")).toBe(TASK_LINES);
  });

  it("`>>` onto a file with content: before, document, after", () => {
    const run = inShell(`echo before >out; { "$@"; echo after; } >>out 2>err`, args);
    expect(run.read("out").startsWith("before\n{")).toBe(true);
    documentThen(run.read("out").slice("before\n".length), "after\n");
  });

  it("one log for stdout and stderr (`>log 2>&1`): every line in the order written, none overwritten", () => {
    const run = inShell(`{ echo start; "$@"; echo "dk exited $?"; } >log 2>&1`, args);
    const log = run.read("log");
    expect(log.startsWith(`start\n${TASK_LINES}{`)).toBe(true);
    documentThen(log.slice(`start\n${TASK_LINES}`.length), "dk exited 0\n");
  });

  it("a pipe read after dk: the document, then the later write", () => {
    const run = inShell(`{ "$@"; echo trailer; } 2>err | cat >out`, args);
    documentThen(run.read("out"), "trailer\n");
    expect(run.read("err")).toBe(TASK_LINES);
  });

  it("children that inherit stdout, spawned every way, write to stderr; stdout /dev/null", () => {
    const run = inShell(`{ "$@" >/dev/null; echo "dk exited $?" >&2; } 2>err`, ["-f", file, "--json", "children"]);
    expect(run.read("err")).toBe("exec-sync line\nexec-file line\nexec-file error\nspawn line\ndk exited 0\n");
  });
});
