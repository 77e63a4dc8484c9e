// dk's zsh completion in a real zsh: sourced after compinit, autoloaded from $fpath, and sourced where compinit has
// not run (a plain zsh), where it says what to do instead of zsh's "command not found: compdef".
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { dkBin, fixture, tempDir } from "./helpers/paths.ts";

// A tmux server of this file's own (its own socket): the user's sessions are never touched.
const socket = `dk-zsh-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
afterAll(() => void spawnSync("tmux", ["-L", socket, "kill-server"], { stdio: "ignore" }));

beforeAll(ensureBuilt, BUILD_HOOK_MS);

// A directory with dk on PATH, the zsh script in it as `dk.zsh` and as `fpath/_dk`, and a `.zshrc` for `setup`.
async function home(setup: string): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
  const dir = tempDir("dk-zsh-");
  mkdirSync(join(dir, "bin"));
  mkdirSync(join(dir, "fpath"));
  writeFileSync(join(dir, "bin", "dk"), `#!/bin/sh\nexec "${process.execPath}" "${dkBin}" "$@"\n`);
  chmodSync(join(dir, "bin", "dk"), 0o755);
  const script = (await dk(["completion", "zsh"])).stdout;
  writeFileSync(join(dir, "dk.zsh"), script);
  writeFileSync(join(dir, "fpath", "_dk"), script);
  writeFileSync(join(dir, ".zshrc"), `${setup}\nPS1='ready> '\n`);
  const env = { ...process.env, PATH: `${join(dir, "bin")}:${process.env.PATH}`, ZDOTDIR: dir, DK_CACHE_DIR: dir };
  return { dir, env };
}

// What an interactive zsh shows after `typed` and one Tab, once `expected` is on the screen (else after 30 s).
async function tabOnce(setup: string, typed: string, expected: string, more: NodeJS.ProcessEnv = {}): Promise<string> {
  const { env: own } = await home(setup);
  const env = { ...own, ...more };
  const session = `z${Math.random().toString(36).slice(2, 8)}`;
  const cwd = dirname(fixture("chain"));
  const start = `cd '${cwd}' && exec zsh -i`;
  execFileSync("tmux", ["-L", socket, "new-session", "-d", "-s", session, "-x", "100", "-y", "10", start], { env });
  try {
    let screen = "";
    const deadline = Date.now() + 30_000;
    while (!screen.includes("ready>") && Date.now() < deadline) {
      await sleep(100);
      screen = tmux("capture-pane", "-p", "-t", session);
    }
    tmux("send-keys", "-t", session, typed, "Tab");
    while (!screen.includes(expected) && Date.now() < deadline) {
      await sleep(100);
      screen = tmux("capture-pane", "-p", "-t", session);
    }
    return screen;
  } finally {
    spawnSync("tmux", ["-L", socket, "kill-session", "-t", session], { stdio: "ignore" });
  }
}

const COMPINIT = "autoload -Uz compinit && compinit -u";

describe("zsh completion", () => {
  it("without compinit (zsh -f) says in one line what to run first, and fails", async () => {
    const { dir, env } = await home("");
    const result = spawnSync("zsh", ["-f", "-c", `source ${join(dir, "dk.zsh")}`], { env, encoding: "utf8" });
    expect(result.stderr).toBe(
      'dk completion: zsh completion is not loaded; run "autoload -Uz compinit && compinit" before it\n',
    );
    expect(result.status).toBe(1);
  });

  it("after compinit, registers quietly for dk, pnpm and npx", async () => {
    const { dir, env } = await home("");
    const line = `${COMPINIT}; source ${join(dir, "dk.zsh")}; print -r -- $? $_comps[dk] $_comps[pnpm] $_comps[npx]`;
    const result = spawnSync("zsh", ["-f", "-c", line], { env, encoding: "utf8" });
    expect(result).toMatchObject({ status: 0, stdout: "0 _dk _dk _dk\n", stderr: "" });
  });

  it("sourced after compinit, completes dk's flags at the first Tab", async () => {
    const screen = await tabOnce(`${COMPINIT}\nsource "$ZDOTDIR/dk.zsh"`, "dk --li", "--list");
    expect(screen).toMatch(/--limit +-- run each group call[^\n]*\n--list +-- list the tasks/);
  });

  it("gives dk the words as the command would: without their quotes, ~/ expanded", async () => {
    const setup = `${COMPINIT}\nsource "$ZDOTDIR/dk.zsh"`;
    expect(await tabOnce(setup, "dk -f './tasks.ts' gr", "greet")).toContain("dk -f './tasks.ts' greet");
    const home = { HOME: dirname(fixture("chain")) };
    expect(await tabOnce(setup, "dk -f ~/tasks.ts gr", "greet", home)).toContain("dk -f ~/tasks.ts greet");
  });

  it("shows each task's summary and each flag's help beside it", async () => {
    const setup = `${COMPINIT}\nsource "$ZDOTDIR/dk.zsh"`;
    const tasks = await tabOnce(setup, "dk docs.", "docs.serve");
    expect(tasks).toMatch(/docs\.build +-- Build the docs\./);
    expect(tasks).toMatch(/docs\.serve +-- Serve the docs\./);
    const flags = await tabOnce(setup, "dk greet --name Bob --t", "--times");
    expect(flags).toMatch(/--times +-- \(number, default: 1\)/);
    expect(flags).toMatch(/--transport +-- reach hosts in-process/);
  });

  it("offers a word with a colon whole: the colon is no separator of its description", async () => {
    const odd = join(tempDir("dk-zsh-odd-"), "odd.ts");
    writeFileSync(odd, `export function pick(o: { zone?: "eu:west" | "us:east" }) {}\n`);
    const setup = `${COMPINIT}\nsource "$ZDOTDIR/dk.zsh"`;
    const screen = await tabOnce(setup, `dk -f ${odd} pick --zone `, "us:east");
    expect(screen).toMatch(/eu:west +us:east/);
  });

  it("autoloaded from $fpath as _dk, completes at the first Tab too", async () => {
    const screen = await tabOnce(`fpath=("$ZDOTDIR/fpath" $fpath)\n${COMPINIT}`, "dk --li", "--list");
    expect(screen).toMatch(/--limit +-- run each group call[^\n]*\n--list +-- list the tasks/);
  });
});
