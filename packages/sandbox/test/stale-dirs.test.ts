// What a sandbox whose process was killed (SIGKILL: no clean-up runs) leaves, and what the next start removes of it.
import { chownSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { chmodSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, startSandbox, waitUntil } from "../src/index.ts";
import { markOwner, removeStaleDirs } from "../src/stale-dirs.ts";

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
  it("has its sshd end with the process, and its directory removed when the next sandbox starts", async () => {
    const script = `const { startSandbox } = await import(${source("index.ts")});
      const sandbox = await startSandbox({ hosts: 2 });
      console.log(JSON.stringify({ dir: sandbox.dir, pids: sandbox.pids }));
      setInterval(() => {}, 1000);`;
    const [file, ...args] = node(script);
    const r = await collect(file!, args, { onOutput: { text: "\n", act: (child) => child.kill("SIGKILL") } });
    expect(r.signal).toBe("SIGKILL");
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

  it("leaves what it cannot prove stale: no marker, a symlink, not private, another name or PID namespace", () => {
    const kept = [
      join(state.parent, "dk-t-dddddd"),
      deadDir("dk-t-eeeeee"),
      deadDir("dk-t-ffffff"),
      deadDir("dk-t-gggggg"),
      deadDir("dk-t-hhhhhhh"),
      deadDir("dk-t-iiiiii"),
      join(state.parent, "dk-t-jjjjjj"),
    ];
    mkdirSync(kept[0]!, { mode: 0o700 });
    // A marker that is a symlink to a real one.
    rmSync(join(kept[1]!, "owner"));
    symlinkSync(join(state.dead, "owner"), join(kept[1]!, "owner"));
    chmodSync(kept[2]!, 0o755);
    // A marker written in another PID namespace.
    const marker = readFileSync(join(kept[3]!, "owner"), "utf8");
    writeFileSync(join(kept[3]!, "owner"), marker.replace(/pid:\[\d+\]/, "pid:[1]"));
    writeFileSync(join(kept[5]!, "owner"), `${marker}more\n`);
    // A symlink with a sandbox's name, to a stale directory.
    const target = deadDir("target");
    symlinkSync(target, kept[6]!);
    expect(removeStaleDirs("dk-t-", undefined, state.parent)).toEqual([]);
    expect([...kept, target].map((path) => lstatSync(path, { throwIfNoEntry: false }) !== undefined)).toEqual(
      Array(8).fill(true),
    );
  });

  it("leaves another user's directory (needs root to make one)", () => {
    if (!asRoot) throw new Error("making a directory of another user needs root: run the tests as root, as CI does");
    const dir = deadDir("dk-t-kkkkkk");
    chownSync(dir, 65534, 65534);
    expect(removeStaleDirs("dk-t-", undefined, state.parent)).toEqual([]);
    expect(existsSync(dir)).toBe(true);
  });
});
