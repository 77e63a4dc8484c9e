// What a sandbox whose process was killed (SIGKILL: no clean-up runs) leaves, and what the next start removes of it.
import { chownSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, readdirSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, startSandbox, waitUntil } from "../src/index.ts";
import { markOwner, processStat, removeStaleDirs } from "../src/stale-dirs.ts";
import { killWatchers } from "./helpers/watchers.ts";

const source = (file: string) => JSON.stringify(new URL(`../src/${file}`, import.meta.url).pathname);
const node = (script: string) => [process.execPath, "--import", "tsx", "--input-type=module", "-e", script];
const asRoot = process.getuid?.() === 0;

// Running: /proc knows it and it is no zombie.
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

describe("a sandbox whose process was killed with SIGKILL", () => {
  it("has its sshd end with the process, and its directory removed by the next start (no watcher)", async () => {
    const script = `const { startSandbox } = await import(${source("index.ts")});
      const sandbox = await startSandbox({ hosts: 2 });
      console.log(JSON.stringify({ dir: sandbox.dir, pids: sandbox.pids }));
      setInterval(() => {}, 1000);`;
    const [file, ...args] = node(script);
    // Its watcher first: the next start is left to remove what it leaves.
    let watchers = 0;
    const act = (child: ChildProcess) => (watchers = killWatchers(child.pid!)) && child.kill("SIGKILL");
    const r = await collect(file!, args, { onOutput: { text: "\n", act } });
    expect([r.signal, watchers]).toEqual(["SIGKILL", 1]);
    const { dir, pids } = JSON.parse(r.stdout) as { dir: string; pids: number[] };
    try {
      await waitUntil(() => !pids.some(alive), "the killed sandbox's sshd to end", 10_000);
      expect(existsSync(join(dir, "client_key"))).toBe(true);
      const next = await startSandbox({ hosts: 1 });
      await next.stop();
      expect(existsSync(dir)).toBe(false);
    } finally {
      // When they outlived the process, the test ends them (they are its child's).
      for (const pid of pids.filter(alive)) process.kill(pid, "SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("removeStaleDirs", () => {
  const state = { parent: "", dead: "" };
  // A marked directory whose owner has exited: written by a process that ended.
  beforeAll(async () => {
    state.parent = mkdtempSync(join(tmpdir(), "dk-stale-"));
    state.dead = join(state.parent, "template");
    mkdirSync(state.dead, { mode: 0o700 });
    const script = `const { markOwner } = await import(${source("stale-dirs.ts")});
      markOwner(${JSON.stringify(state.dead)});`;
    const [file, ...args] = node(script);
    const r = await collect(file!, args);
    expect(r.stderr).toBe("");
  });
  afterAll(() => rmSync(state.parent, { recursive: true, force: true }));

  const deadDir = (name: string) => {
    const dir = join(state.parent, name);
    cpSync(state.dead, dir, { recursive: true });
    chmodSync(dir, 0o700);
    return dir;
  };

  it("removes a private directory of this user marked by an owner that ended, and nothing it links to", () => {
    const outside = join(state.parent, "outside");
    writeFileSync(outside, "keep");
    const dir = deadDir("dk-t-aaaaaa");
    symlinkSync(outside, join(dir, "link"));
    expect(removeStaleDirs("dk-t-", undefined, state.parent)).toEqual([dir]);
    expect([existsSync(dir), readFileSync(outside, "utf8")]).toEqual([false, "keep"]);
  });

  it("removes one whose PID now belongs to a later process (start time differs), keeps one whose owner runs", () => {
    const reused = join(state.parent, "dk-t-bbbbbb");
    mkdirSync(reused, { mode: 0o700 });
    const ns = readlinkSync("/proc/self/ns/pid");
    writeFileSync(join(reused, "owner"), `dk-sandbox owner 1\n${process.pid} 1 ${ns}\n`);
    const live = join(state.parent, "dk-t-cccccc");
    mkdirSync(live, { mode: 0o700 });
    markOwner(live);
    expect(removeStaleDirs("dk-t-", undefined, state.parent)).toEqual([reused]);
    expect(existsSync(live)).toBe(true);
  });

  it("leaves what it cannot prove stale: no marker, a symlink, not private, another name, another marker", () => {
    const kept = [
      join(state.parent, "dk-t-dddddd"),
      deadDir("dk-t-eeeeee"),
      deadDir("dk-t-ffffff"),
      deadDir("dk-t-hhhhhhh"),
      deadDir("dk-t-iiiiii"),
      join(state.parent, "dk-t-jjjjjj"),
    ];
    mkdirSync(kept[0]!, { mode: 0o700 });
    // A marker that is a symlink to a real one.
    rmSync(join(kept[1]!, "owner"));
    symlinkSync(join(state.dead, "owner"), join(kept[1]!, "owner"));
    chmodSync(kept[2]!, 0o755);
    const marker = readFileSync(join(state.dead, "owner"), "utf8");
    writeFileSync(join(kept[4]!, "owner"), `${marker}more\n`);
    // A symlink with a sandbox's name, to a stale directory.
    const target = deadDir("target");
    symlinkSync(target, kept[5]!);
    expect(removeStaleDirs("dk-t-", undefined, state.parent)).toEqual([]);
    expect([...kept, target].map((path) => lstatSync(path, { throwIfNoEntry: false }) !== undefined)).toEqual(
      Array(7).fill(true),
    );
  });

  it("judges an owner of another PID namespace by what runs there: kept while it runs, else removed", async () => {
    if (!asRoot) throw new Error("another PID namespace needs root: run the tests as root, as CI does");
    // This test's own child; the sleep, PID 1 of its PID namespace, ends with it.
    const child = spawn("unshare", ["--pid", "--fork", "--kill-child", "--mount-proc", "sleep", "300"]);
    try {
      let inner: number | undefined;
      const childOf = (pid: number) => readdirSync("/proc").find((e) => processStat(Number(e))?.parent === pid);
      await waitUntil(() => (inner = Number(childOf(child.pid!))) > 0, "the process in another PID namespace");
      const ns = readlinkSync(`/proc/${inner}/ns/pid`);
      const owned = (pid: number, start: string) => `dk-sandbox owner 1\n${pid} ${start} ${ns}\n`;
      const [running, ended, emptied] = ["dk-t-llllll", "dk-t-mmmmmm", "dk-t-nnnnnn"].map(deadDir);
      writeFileSync(join(running!, "owner"), owned(1, processStat(inner!)!.start));
      writeFileSync(join(ended!, "owner"), owned(2, processStat(inner!)!.start));
      // A PID namespace nothing runs in (from this machine's first, every process is in sight).
      writeFileSync(join(emptied!, "owner"), owned(1, "1").replace(ns, "pid:[1]"));
      expect(removeStaleDirs("dk-t-", undefined, state.parent).sort()).toEqual([ended, emptied]);
      rmSync(running!, { recursive: true });
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("leaves another user's directory (needs root to make one)", () => {
    if (!asRoot) throw new Error("making a directory of another user needs root: run the tests as root, as CI does");
    const dir = deadDir("dk-t-kkkkkk");
    chownSync(dir, 65534, 65534);
    expect(removeStaleDirs("dk-t-", undefined, state.parent)).toEqual([]);
    expect(existsSync(dir)).toBe(true);
  });
});
