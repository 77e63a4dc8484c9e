// dk's exit waits until its readers have taken what it wrote to stdout and stderr, whichever way it ends (a listing,
// a help, bad usage, a run): it ended with process.exit right after its last write, and what the pipe could not
// hold at once was dropped.
import { spawn, spawnSync } from "node:child_process";
import { constants, openSync, writeFileSync } from "node:fs";
import { Socket } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { drained } from "../src/flushed.ts";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dkBin, fixture, tempDir } from "./helpers/paths.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const watch = fileURLToPath(new URL("helpers/exit-watch.mjs", import.meta.url));
// The longest word a command line takes on Linux (its limit counts the closing NUL): twice what a pipe holds.
const LONG = "x".repeat(128 * 1024 - 1);

type Slow = { code: number | null; stdout: string; stderr: string; events: string[] };

// The read end of a new pipe as the shell's `|` makes (a FIFO: Node's own child pipes are socket pairs, which hold
// more), and the path dk's side opens.
function pipe(dir: string, name: string): { path: string; reader: Socket } {
  const path = join(dir, name);
  spawnSync("mkfifo", [path]);
  const reader = new Socket({ fd: openSync(path, constants.O_RDONLY | constants.O_NONBLOCK), writable: false });
  reader.pause();
  return { path, reader };
}

// Runs dk with readers that take nothing until dk either waits for them (its write blocked and it went back to its
// event loop) or exits: which of the two comes first decides, never how fast either side is. `never`: only at exit.
function slowReaders(args: readonly string[], never = false): Promise<Slow> {
  const dir = tempDir("dk-pipes-");
  const [out, err] = [pipe(dir, "out"), pipe(dir, "err")];
  const line = 'exec "$0" "$@" >"$OUT" 2>"$ERR"';
  const child = spawn("sh", ["-c", line, process.execPath, "--import", watch, dkBin, ...args], {
    env: { ...process.env, NO_COLOR: "1", DK_CACHE_DIR: tempDir("dk-cache-"), OUT: out.path, ERR: err.path },
    stdio: ["ignore", "ignore", "ignore", "pipe"],
  });
  const result: Slow = { code: null, stdout: "", stderr: "", events: [] };
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    out.reader.on("data", (chunk: Buffer) => void (result.stdout += chunk.toString())).resume();
    err.reader.on("data", (chunk: Buffer) => void (result.stderr += chunk.toString())).resume();
  };
  child.stdio[3]!.on("data", (chunk: Buffer) => {
    result.events.push(...chunk.toString().trim().split("\n"));
    if (!never) start();
  });
  child.on("exit", start);
  const ended = [out.reader, err.reader].map((stream) => new Promise((resolve) => stream.on("close", resolve)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return Promise.all([exited, ...ended]).then(([code]) => ({ ...result, code: code as number | null }));
}

describe("dk's exit", () => {
  it("bad usage longer than a pipe holds reaches a slow stderr reader whole, usage line last", async () => {
    const result = await slowReaders(["-f", fixture("flags"), LONG]);
    expect(result.events).toEqual(["waiting", "exit 0"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`dk: unknown task "${LONG}"`);
    expect(result.stderr).toMatch(/\nUsage: dk .*\(more: dk --list\)\n$/);
  });
});

describe("dk's exit", () => {
  it("a --list --json of thousands of tasks reaches a slow stdout reader whole", async () => {
    const file = `${tempDir("dk-many-")}/tasks.ts`;
    const task = (i: number) =>
      `/** Task ${i}, with some words */\nexport async function task${i}(_: { host?: string }) {}\n`;
    writeFileSync(file, Array.from({ length: 2000 }, (_, i) => task(i)).join(""));
    const result = await slowReaders(["-f", file, "--list", "--json"]);
    expect(result.events).toEqual(["waiting", "exit 0"]);
    expect(result.code).toBe(0);
    const { tasks } = JSON.parse(result.stdout) as { tasks: { name: string }[] };
    expect(tasks.filter(({ name }) => name.startsWith("task"))).toHaveLength(2000);
  }, 60_000);
});

describe("a reader that never reads", () => {
  // A minute of waiting, once: the bundle's copy of the wait and the exit's each waited a minute and said so.
  it("is given up on after a minute, said once, and a listing exits 1", async () => {
    const file = `${tempDir("dk-many-")}/tasks.ts`;
    writeFileSync(file, Array.from({ length: 3000 }, (_, i) => `export async function task${i}() {}\n`).join(""));
    const result = await slowReaders(["-f", file, "--list", "--json"], true);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("dk: cannot write to stdout: the reader of stdout took nothing for 60 s\n");
  }, 200_000);
});

describe("waiting for a reader", () => {
  // A reader that never reads: a child that never takes its stdin, behind a megabyte.
  it("gives up on one that takes nothing for the time allowed, and waits for one that reads", async () => {
    const child = spawn("sleep", ["600"], { stdio: ["pipe", "ignore", "ignore"] });
    try {
      for (let i = 0; i < 16; i++) child.stdin.write(Buffer.alloc(64 * 1024));
      expect(await drained(child.stdin, 100)).toBe(false);
      // Given up on: no second wait.
      expect(await drained(child.stdin)).toBe(false);
    } finally {
      child.kill();
    }
    const reader = spawn("cat", [], { stdio: ["pipe", "ignore", "ignore"] });
    for (let i = 0; i < 16; i++) reader.stdin.write(Buffer.alloc(64 * 1024));
    expect(await drained(reader.stdin, 60_000)).toBe(true);
    reader.stdin.end();
  });
});
