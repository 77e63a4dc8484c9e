import { describe, expect, it } from "vitest";
import { TagColors, colors } from "../src/output/colors.ts";
import { Board } from "../src/status/board.ts";
import { LineRing } from "../src/status/line-ring.ts";
import { renderFinal, renderLive, type Frame } from "../src/status/render.ts";
import { cut, sanitize, textWidth } from "../src/status/width.ts";
import { duration, formatSummary } from "../src/status/summary.ts";

const frame = (columns: number, rows: number): Frame => ({
  columns,
  rows,
  now: performance.now(),
  tick: 0,
  colors: colors(false),
  tags: new TagColors(),
});

describe("width and cutting", () => {
  it("counts colour codes as nothing and wide characters as two columns", () => {
    expect(textWidth("\x1b[31mred\x1b[0m")).toBe(3);
    expect(textWidth("日本語")).toBe(6);
    expect(textWidth("e\u0301")).toBe(1);
    expect(textWidth("ok 🚀")).toBe(5);
  });

  it.each([
    ["abcdefghij", 5, "abcd…"],
    ["abc", 5, "abc"],
    ["日本語です", 5, "日本…"],
    ["a日本", 3, "a…"],
    ["\x1b[32mgreen text\x1b[0m", 6, "\x1b[32mgreen…\x1b[0m"],
  ])("cuts %j to %i columns", (text, columns, expected) => {
    expect(cut(text, columns)).toBe(expected);
    expect(textWidth(cut(text, columns))).toBeLessThanOrEqual(columns);
  });

  it("never cuts inside an escape sequence and resets colour at the end", () => {
    const line = `${"\x1b[1;31m".repeat(3)}xyz`.repeat(10);
    const short = cut(line, 7);
    expect(short.endsWith("\x1b[0m")).toBe(true);
    expect(short.replaceAll(new RegExp(`${"\u001b"}\\[[0-9;]*m`, "g"), "")).toBe("xyzxyz…");
  });

  it("keeps colours, drops cursor movement and control characters, and shows what a \\r redraw leaves", () => {
    expect(sanitize("\x1b[2K\x1b[1A\x1b[32mok\x1b[0m\tdone\x07")).toBe("\x1b[32mok\x1b[0m  done");
    expect(sanitize("10%\r50%\r100%")).toBe("100%");
  });
});

describe("the live block", () => {
  function board(running: number, ok: number, failed: number, waiting: number): Board {
    const b = new Board(3);
    let n = 0;
    const next = () => `host${String(++n).padStart(2, "0")}`;
    for (let i = 0; i < running; i++) b.start(next(), "sleep 1");
    for (let i = 0; i < ok; i++) {
      const tag = next();
      b.start(tag, "true");
      b.end(tag, { command: "true", exitCode: 0, durationMs: 5 });
    }
    for (let i = 0; i < failed; i++) {
      const tag = next();
      b.start(tag, "false");
      b.line(tag, "it broke", "stderr");
      b.end(tag, { command: "false", exitCode: 1, durationMs: 5, error: "`false` failed with exit code 1: it broke" });
    }
    for (let i = 0; i < waiting; i++) b.host(next());
    return b;
  }

  it("shows one line per host when they fit, each cut to the width", () => {
    const b = board(2, 1, 1, 0);
    b.line("host01", "x".repeat(200), "stdout");
    const lines = renderLive(b.hosts, frame(60, 10));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^. \[host01\]\s+\d+\.\ds {2}x+…$/);
    expect(lines[2]).toMatch(/✔ \[host03\].* ok$/);
    expect(lines[3]).toMatch(/✖ \[host04\].* failed with exit code 1: it broke$/);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(59);
  });

  it("cuts a host name longer than half the line, so every host's time and state stay on its line", () => {
    const b = board(0, 1, 1, 0);
    const long = "build-worker-0017.eu-central-1.compute.internal.example.com";
    b.start(long, "deploy");
    b.line(long, "copying files", "stdout");
    const lines = renderLive(b.hosts, frame(60, 10));
    expect(lines[2]).toMatch(/^. \[build-worker-0017\.eu-centr…\]\s+\d+\.\ds {2}copying files$/);
    expect(lines[1]).toMatch(/^✖ \[host02\] {20}\s+\d+\.\ds {2}failed with exit c…$/);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(59);
  });

  it("cuts names that differ only past the cut in the middle, so each row still says which host it is", () => {
    const b = board(0, 0, 0, 0);
    const name = (n: number) => `deploy-target-frontend-server-0${n}`;
    for (const n of [1, 2, 3]) b.start(name(n), "deploy");
    b.end(name(2), { command: "deploy", exitCode: 1, durationMs: 5, error: "`deploy` failed with exit code 1" });
    b.start("build-worker-0017.eu-central-1.compute.internal.example.com", "deploy");
    const live = renderLive(b.hosts, frame(60, 10));
    const tags = live.map((line) => /\[(.*?)\]/.exec(line)![1]);
    expect(tags).toEqual([
      "deploy-target…end-server-01",
      "deploy-target…end-server-02",
      "deploy-target…end-server-03",
      "build-worker-0017.eu-centr…",
    ]);
    expect(live[1]).toMatch(/^✖ \[deploy-target…end-server-02\]\s+\d+\.\ds {2}failed with exit c…$/);
    b.stopAll();
    expect(renderFinal(b.hosts, frame(60, 10), 3).map((line) => /\[(.*?)\]/.exec(line)![1])).toEqual(tags);
    for (const line of live) expect(textWidth(line)).toBeLessThanOrEqual(59);
  });

  it("with more hosts than rows: a line of counts, then the running hosts that fit", () => {
    const b = board(8, 5, 2, 30);
    const lines = renderLive(b.hosts, frame(60, 6));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe("45 hosts: 8 running · 5 ok · 2 failed · 30 waiting");
    expect(lines.slice(1, 4).every((line) => /^. \[host0[1-8]\]/.test(line))).toBe(true);
    expect(lines[4]).toBe("  … 5 more running");
  });

  it("on a terminal of one or two rows, the counts alone: the block never grows past the free rows", () => {
    const b = board(3, 0, 0, 0);
    for (const rows of [1, 2])
      expect(renderLive(b.hosts, frame(60, rows))).toEqual([expect.stringMatching(/^3 hosts/)]);
  });

  it("final state: all hosts if they fit, else the counts and the hosts that did not succeed, with last lines", () => {
    const few = renderFinal(board(0, 2, 1, 0).hosts, frame(80, 24), 3);
    expect(few).toHaveLength(4);
    expect(few[3]).toBe("    │ it broke");
    const b = board(1, 40, 1, 0);
    b.stopAll();
    const many = renderFinal(b.hosts, frame(80, 10), 3);
    expect(many[0]).toBe("42 hosts: 0 running · 40 ok · 1 failed · 0 not started · 1 stopped");
    expect(many.slice(1).map((line) => line.slice(0, 10))).toEqual(["■ [host01]", "✖ [host42]", "    │ it b"]);
  });
});

describe("LineRing", () => {
  it("keeps the last lines in order, says when it dropped any, and cuts long lines", () => {
    const ring = new LineRing(3);
    ["a", "b"].forEach((line) => ring.push(line));
    expect([ring.lines, ring.truncated]).toEqual([["a", "b"], false]);
    ["c", "d", "e"].forEach((line) => ring.push(line));
    expect([ring.lines, ring.truncated]).toEqual([["c", "d", "e"], true]);
    ring.push("x".repeat(5000));
    expect(ring.lines.at(-1)).toHaveLength(1001);
  });
});

describe("duration", () => {
  it("shows tenths under a minute, then minutes and seconds, then hours and minutes, rounding across a unit", () => {
    const shown = [400, 59_940, 59_960, 61_000, 125_000, 3_599_999, 3_720_000, -5].map(duration);
    expect(shown).toEqual(["0.4s", "59.9s", "1m00s", "1m01s", "2m05s", "1h00m", "1h02m", "0.0s"]);
    expect(() => duration(Number.NaN)).toThrow(TypeError);
  });
});

describe("formatSummary", () => {
  it("aligns its columns by terminal width: a tag of wide characters takes two columns each", () => {
    const text = formatSummary([
      { host: "web1", ok: true, durationMs: 1200, exitCode: 0 },
      { host: "数据库", ok: false, durationMs: 400, exitCode: 3, reason: "failed with exit code 3" },
    ]);
    const rows = text.split("\n").slice(1, 4);
    const at = rows.map((row) => textWidth(row.slice(0, row.search(/ (result|ok|failed) /))));
    expect(new Set(at).size, rows.join("\n")).toBe(1);
  });
});
