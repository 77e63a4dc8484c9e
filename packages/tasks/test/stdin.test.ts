// dk passes its own standard input to a task's command that asks for it (`stdin: "inherit"`), and to no other.
import { execFileSync, spawnSync } from "node:child_process";
import { waitUntil } from "@deploykit/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { dkBin, fixture, tempDir } from "./helpers/paths.ts";

// A tmux server of our own: a real terminal for dk, whose keys we type.
const socket = `dk-stdin-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
afterAll(() => void spawnSync("tmux", ["-L", socket, "kill-server"], { stdio: "ignore" }));

beforeAll(ensureBuilt, BUILD_HOOK_MS);

describe("dk and standard input", () => {
  it('echo hello | dk stdin: the command with stdin: "inherit" reads it', async () => {
    const r = await dk(["-f", fixture("stdin"), "stdin"], { input: "hello\n", timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("got=hello");
  });

  it("a command without it reads nothing", async () => {
    const r = await dk(["-f", fixture("stdin"), "closed"], { input: "hello\n", timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^got=$/m);
  });

  it("on a terminal, an interactive command's prompt shows, it reads what is typed, and its output stays", async () => {
    const env = `DK_CACHE_DIR=${tempDir("dk-cache-")}`;
    const line = `${env} ${process.execPath} ${dkBin} -f ${fixture("stdin")} ask; echo EXIT=$?; sleep 60`;
    tmux("new-session", "-d", "-s", "ask", "-x", "100", "-y", "20", line);
    const screen = () => tmux("capture-pane", "-p", "-t", "ask");
    await waitUntil(() => /^name\?\s*$/m.test(screen()), "the prompt, without its newline", 60_000);
    tmux("send-keys", "-t", "ask", "bob", "Enter");
    await waitUntil(() => screen().includes("EXIT="), "dk to end", 30_000);
    const lines = screen().split("\n");
    expect(lines).toEqual(expect.arrayContaining(["name? bob", "hi bob", "[localhost] after", "EXIT=0"]));
  }, 120_000);
});
