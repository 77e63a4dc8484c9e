import { chmodSync, lstatSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { createStatusPrinter, type StatusOptions } from "../src/status/status-printer.ts";
import { FakeTerminal } from "./helpers/fake-terminal.ts";

const end = (exitCode: number, error?: string) => ({ command: "deploy", exitCode, durationMs: 10, error });
const hostLine = (tag: string, text: string) => new RegExp(`^. \\[${tag}\\]\\s+\\d+\\.\\ds {2}${text}$`);

function view(options: StatusOptions, columns = 60, rows = 20) {
  const term = new FakeTerminal(columns, rows);
  return {
    term,
    view: createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, { intervalMs: 10, ...options }),
  };
}

describe("output: stream (dk's default on a terminal)", () => {
  it("prints every line tagged above a block of the running hosts, which goes when they are done", async () => {
    const { term, view: v } = view({ output: "stream" });
    for (const tag of ["web1", "web2"]) {
      v.line(tag, "$ deploy");
      v.start(tag, "deploy", tag);
    }
    v.line("web1", "copying files");
    v.line("web2", "disk full", "stderr");
    await sleep(50);
    expect(term.screen.slice(0, 4)).toEqual([
      "[web1] $ deploy",
      "[web2] $ deploy",
      "[web1] copying files",
      "[web2] disk full",
    ]);
    expect(term.screen.slice(4)).toEqual([
      expect.stringMatching(hostLine("web1", "\\$ deploy")),
      expect.stringMatching(hostLine("web2", "\\$ deploy")),
    ]);
    v.end("web2", end(1, "`deploy` failed with exit code 1: disk full"));
    v.notice("web2", "[Command failed: 1] cleanup");
    term.write("a line from the task itself\n");
    await sleep(50);
    expect(term.screen.slice(4)).toEqual([
      "[web2] [Command failed: 1] cleanup",
      "a line from the task itself",
      expect.stringMatching(hostLine("web1", "\\$ deploy")),
    ]);
    v.end("web1", end(0));
    v.stop();
    expect(term.screen).toEqual([
      "[web1] $ deploy",
      "[web2] $ deploy",
      "[web1] copying files",
      "[web2] disk full",
      "[web2] [Command failed: 1] cleanup",
      "a line from the task itself",
    ]);
    expect(term.cursorVisible).toBe(true);
  });

  it("prints the lines that come after it stopped (commands saying how they stop after Ctrl-C), tagged", async () => {
    const { term, view: v } = view({ output: "stream" });
    v.line("web1", "$ deploy");
    v.start("web1", "deploy", "web1");
    await sleep(30);
    v.stop();
    v.line("web1", "cleaning up");
    v.line("web1", "lock not found", "stderr");
    v.notice("web1", "[Command failed: 3] deploy");
    await sleep(30);
    expect(term.screen).toEqual([
      "[web1] $ deploy",
      "[web1] cleaning up",
      "[web1] lock not found",
      "[web1] [Command failed: 3] deploy",
    ]);
  });

  it("ends a partial line from elsewhere at stop, and draws nothing after", async () => {
    const { term, view: v } = view({ output: "compact" });
    v.start("web1", "deploy", "web1");
    await sleep(30);
    term.write("no newline yet");
    v.end("web1", end(0));
    v.stop();
    const final = [...term.screen];
    await sleep(50);
    expect(term.screen).toEqual(final);
    expect(final).toEqual(["no newline yet", expect.stringMatching(hostLine("web1", "ok"))]);
  });

  it("joins a character that other code's Buffer writes split in two", async () => {
    const { term, view: v } = view({ output: "compact" });
    v.start("web1", "deploy", "web1");
    await sleep(30);
    // What `child.stdout.pipe(process.stdout)` writes: chunks cut anywhere, here inside the two bytes of "é".
    const bytes = Buffer.from("café ✓\n");
    const stdout = term as unknown as NodeJS.WritableStream;
    stdout.write(bytes.subarray(0, 4));
    stdout.write(bytes.subarray(4));
    v.end("web1", end(0));
    v.stop();
    expect(term.screen[0]).toBe("café ✓");
  });

  it("keeps the block to half the screen: counts, then the running hosts that fit", async () => {
    const { term, view: v } = view({ output: "stream" }, 60, 11);
    v.plan(Array.from({ length: 30 }, (_, i) => `h${i}`));
    for (let i = 0; i < 8; i++) v.start(`h${i}`, "sleep 9", `h${i}`);
    v.line("h0", "hello");
    await sleep(50);
    expect(term.screen).toEqual([
      "[h0] hello",
      "30 hosts: 8 running · 0 ok · 0 failed · 22 waiting",
      expect.stringMatching(hostLine("h0", "\\$ sleep 9")),
      expect.stringMatching(hostLine("h1", "\\$ sleep 9")),
      expect.stringMatching(hostLine("h2", "\\$ sleep 9")),
      "  … 5 more running",
    ]);
    v.stop();
  });
});

describe("output: compact (dk --compact)", () => {
  const saved = process.env.TMPDIR;
  afterEach(() => void (saved === undefined ? delete process.env.TMPDIR : (process.env.TMPDIR = saved)));

  it("hides hosts' lines, shows local commands' in full, and a failed command's output at the end", async () => {
    const { term, view: v } = view({ output: "compact" }, 80, 20);
    v.line("localhost", "$ make");
    v.start("localhost", "make");
    v.line("localhost", "built");
    v.end("localhost", end(0));
    for (const tag of ["web1", "web2"]) {
      v.line(tag, "$ deploy");
      v.start(tag, "deploy", tag);
      v.line(tag, `hidden from ${tag}`);
    }
    v.line("web2", "disk full", "stderr");
    await sleep(50);
    expect(term.screen.slice(0, 2)).toEqual(["[localhost] $ make", "[localhost] built"]);
    // The block shows each host's last line; nothing of theirs scrolls above it.
    expect(term.screen.filter((line) => line.startsWith("[")).join("\n")).not.toContain("hidden from");
    v.end("web1", end(0));
    v.end("web2", { ...end(1, "`deploy` failed with exit code 1: disk full") });
    v.stop();
    expect(term.screen.slice(2)).toEqual([
      expect.stringMatching(hostLine("localhost", "ok")),
      expect.stringMatching(hostLine("web1", "ok")),
      expect.stringMatching(hostLine("web2", "failed with exit code 1: disk full")),
      "",
      "✖ [web2] `deploy` failed (exit code 1); its output:",
      "[web2] hidden from web2",
      "[web2] disk full",
    ]);
  });

  it("past `failedLines`, shows the last ones and the path of a private log file holding them all", async () => {
    const { term, view: v } = view({ output: "compact", failedLines: 3 }, 120, 20);
    v.start("web1", "deploy", "web1");
    for (let i = 1; i <= 10; i++) v.line("web1", `line ${i}`);
    v.end("web1", end(2, "`deploy` failed with exit code 2: line 10"));
    v.stop();
    const header = term.screen.find((line) => line.includes("failed (exit code"))!;
    const log = /all of them are in (\S+):$/.exec(header)?.[1];
    expect(header).toMatch(/^✖ \[web1\] `deploy` failed \(exit code 2\); its last 3 of 10 lines; all of them are in /);
    expect(term.screen.slice(-3)).toEqual(["[web1] line 8", "[web1] line 9", "[web1] line 10"]);
    expect(readFileSync(log!, "utf8")).toBe(Array.from({ length: 10 }, (_, i) => `line ${i + 1}\n`).join(""));
    const [file, dir] = [lstatSync(log!), lstatSync(dirname(log!))];
    expect([file.mode & 0o777, dir.mode & 0o777, file.uid, dir.uid]).toEqual([
      0o600,
      0o700,
      process.getuid!(),
      process.getuid!(),
    ]);
    rmSync(dirname(log!), { recursive: true });
  });

  it("writes no log into a temp directory others can write without the sticky bit, and says so", async () => {
    const shared = mkdtempSync(join(tmpdir(), "dk-shared-"));
    chmodSync(shared, 0o777);
    process.env.TMPDIR = shared;
    onTestFinished(() => rmSync(shared, { recursive: true }));
    const { term, view: v } = view({ output: "compact", failedLines: 2 }, 200, 20);
    v.start("web1", "deploy", "web1");
    for (let i = 1; i <= 5; i++) v.line("web1", `line ${i}`);
    v.end("web1", end(1, "`deploy` failed with exit code 1: line 5"));
    v.stop();
    const header = term.screen.find((line) => line.includes("failed (exit code"))!;
    expect(header).toContain("its last 2 of 5 lines; the rest was not kept (");
    expect(header).toContain("writable by others without the sticky bit");
  });

  it("drops the output of commands that succeed, log files included", async () => {
    const { term, view: v } = view({ output: "compact", failedLines: 2 }, 120, 20);
    v.start("web1", "deploy", "web1");
    for (let i = 1; i <= 5; i++) v.line("web1", `line ${i}`);
    v.end("web1", end(0));
    v.stop();
    expect(term.screen.join("\n")).not.toContain("line ");
  });
});
