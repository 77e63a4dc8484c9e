import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { readLines } from "../src/output/line-sink.ts";
import { visible } from "../src/output/printer.ts";
import { watchRedraw } from "../src/output/redraw.ts";
import { LINE_LIMIT } from "../src/output/split-lines.ts";
import { createPrinter, createRecorder, createStatusPrinter, run, setPrinter } from "../src/index.ts";
import { FakeTerminal } from "./helpers/fake-terminal.ts";

afterEach(() => {
  setPrinter(undefined);
  vi.unstubAllEnvs();
});

// What the watcher reports for each chunk in turn.
const reports = (chunks: readonly (string | Buffer)[], stop?: string) => {
  const watch = watchRedraw(stop);
  return chunks.map((chunk) => watch(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)));
};

describe("watchRedraw: a line under way that \\r redraws", () => {
  it.each([
    ["each new segment", ["\r1%", "\r2%", "\r", "3%"], ["1%", "2%", undefined, "3%"]],
    ["a segment that grows", ["\r[##", "##", "  ]"], ["[##", "[####", "[####  ]"]],
    [
      "nothing for a line without \\r, nor for \\r\\n cut between chunks",
      ["Warning: x\r", "\nok"],
      [undefined, undefined],
    ],
    [
      "nothing for a whole line, nor for a \\r that ends a chunk",
      ["\r5%\ndone", " more\r", "6%"],
      [undefined, undefined, "6%"],
    ],
    ["the same text once", ["\r7%", "\r7%"], ["7%", undefined]],
  ])("reports %s", (_, chunks, expected) => {
    expect(reports(chunks)).toEqual(expected);
  });

  it("keeps what comes before the stop character (the exit mark) and never the mark", () => {
    expect(reports(["\r1%\r2%", "\x1fdk-exit:ab", "c:0\n"], "\x1f")).toEqual(["2%", undefined, undefined]);
    expect(reports(["\r1%\r2%\r\x1fdk-exit:abc:0"], "\x1f")).toEqual(["2%"]);
  });

  it("joins a character cut between chunks, and drops half of one the window starts in", () => {
    const bytes = Buffer.from("\rcafé");
    expect(reports([bytes.subarray(0, 5), bytes.subarray(5)])).toEqual(["caf", "café"]);
    // The last 4096 bytes start inside an é.
    const long = Buffer.from(`\r${"é".repeat(5000)}!`);
    const text = reports([long])[0]!;
    expect(text).toMatch(/^é+!$/);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4096);
  });
});

describe("a progress bar's bound", () => {
  it("\\r updates never ending a line: memory bounded, one line at the end (its last state)", async () => {
    const stream = new PassThrough();
    const pieces: number[] = [];
    const lines: string[] = [];
    const redraws: number[] = [];
    const sink = readLines(stream, {
      capture: false,
      maxBuffer: 1 << 20,
      onOverflow: () => {},
      onLine: (text, continued) => void (pieces.push(continued ? -text.length : text.length), lines.push(text)),
      onRedraw: (text) => void redraws.push(text.length),
    });
    // 2.5 MB of updates, 5 kB a chunk: no newline ever.
    const updates = Array.from({ length: 1000 }, (_, i) => `\r${String(i % 100).padStart(3)}%`).join("");
    for (let i = 0; i < 500; i++) stream.write(updates);
    stream.end();
    await sink.done;
    // No piece cut every LINE_LIMIT bytes inside an update: what a terminal shows at the end, kept within bounds.
    expect(lines.map(visible)).toEqual([" 99%"]);
    expect(Math.max(...pieces.map(Math.abs))).toBeLessThanOrEqual(2 * LINE_LIMIT);
    expect(redraws.length).toBeGreaterThan(0);
    expect(Math.max(...redraws)).toBeLessThanOrEqual(4096);
  });
});

// Waits, at most `ms`, for `check` to hold.
async function until(check: () => boolean, ms = 20_000): Promise<void> {
  await vi.waitFor(() => expect(check()).toBe(true), { timeout: ms, interval: 20 });
}

// A command that draws `\r1%` and `\r2%`, then holds its line open until the returned `release()`, then ends it.
function progressCommand(stream: "stdout" | "stderr" = "stdout") {
  const dir = mkdtempSync(join(tmpdir(), "dk-redraw-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const go = join(dir, "go");
  const to = stream === "stderr" ? " >&2" : "";
  const wait = `for i in $(seq 600); do [ -e ${go} ] && break; sleep 0.05; done`;
  return {
    command: `printf '\\r1%%'${to}; printf '\\r2%%'${to}; ${wait}; printf '\\r3%%\\n'${to}`,
    release: () => writeFileSync(go, ""),
  };
}

// The live view on a terminal of 60 columns, tags without colour.
function liveView(output: "block" | "stream" | "compact") {
  vi.stubEnv("FORCE_COLOR", "0");
  const term = new FakeTerminal(60, 20);
  return {
    term,
    view: createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, { intervalMs: 10, output }),
  };
}

describe("the live view while a progress bar draws", () => {
  it.each(["block", "stream", "compact"] as const)(
    "shows its latest segment on the host's line (%s)",
    async (output) => {
      const { term, view } = liveView(output);
      setPrinter(createRecorder(view));
      const bar = progressCommand("stderr");
      const ran = run(bar.command, { echo: false });
      await until(() => term.screen.some((line) => /^. \[localhost\]\s+\d+\.\ds {2}2%$/.test(line)));
      bar.release();
      await ran;
      view.stop();
      const ended = [...(output === "block" ? [] : ["[localhost] 3%"]), ...(output === "stream" ? [] : ["ok"])];
      expect(term.screen.map((line) => (line.endsWith(" ok") ? "ok" : line))).toEqual(ended);
    },
  );

  it("shows the command again once the line ends and scrolls above (stream)", async () => {
    const { term, view } = liveView("stream");
    view.start("web1", "deploy", "web1");
    view.redraw("web1", "50%");
    await until(() => term.screen.some((line) => line.endsWith(" 50%")));
    view.line("web1", "\r50%\r100%");
    await until(() => term.screen.at(-1)!.endsWith("$ deploy"));
    expect(term.screen[0]).toBe("[web1] 100%");
    view.stop();
  });

  it("the tagged printer (a pipe, or dk without the live view) still prints the line once, when it ends", async () => {
    const [out, err] = [new PassThrough(), new PassThrough()];
    const chunks: string[] = [];
    out.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
    setPrinter(createPrinter(out, err));
    const bar = progressCommand();
    const ran = run(bar.command, { echo: false });
    bar.release();
    await ran;
    expect(chunks.join("")).toBe("[localhost] 3%\n");
  });
});
