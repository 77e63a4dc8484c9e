import { describe, expect, it } from "vitest";
import { cutLines, type Line } from "../src/output/line-cutter.ts";
import { visible } from "../src/output/printer.ts";
import { LINE_LIMIT, splitLines } from "../src/output/split-lines.ts";
import { exitMark } from "../src/ssh/exit-mark.ts";

const NONCE = "0123456789ab";
const MARK = `${exitMark(NONCE)}3\n`;
const SSH_TAIL =
  "debug1: client_input_channel_req: channel 0 rtype exit-status reply 0\r\nTransferred: sent 1, received 2 bytes\r\n";

// Cuts stderr arriving in `chunks` as an ssh run's with NONCE: the lines shown (as they stream, before the end), the
// bytes captured, and the mark's status.
function cut(chunks: readonly string[]) {
  const cutter = cutLines({ capture: true, exitMark: exitMark(NONCE), maxBuffer: 1 << 20, onOverflow: () => {} });
  const split = splitLines();
  const lines: Line[] = [];
  for (const chunk of chunks) for (const piece of split.push(Buffer.from(chunk, "latin1"))) cutter.take(piece, lines);
  for (const piece of split.end()) cutter.take(piece, lines);
  const streamed = lines.map(([text]) => text);
  const { last, captured, exitMark: status } = cutter.end();
  return { streamed, lines: [...lines, ...last].map(([text]) => text), captured: captured.toString("latin1"), status };
}

describe("cutLines: the run's exit mark", () => {
  it.each([
    ["in one chunk", [`err\n${MARK}${SSH_TAIL}`]],
    ["in chunks of their own", ["err\n", MARK, "debug1: client_input_channel_req: x\r\n", "Transferred: sent 1\r\n"]],
  ])("takes the mark and keeps ssh's lines after it as output, %s", (_, chunks) => {
    const { lines, captured, status } = cut(chunks);
    expect(status).toBe(3);
    expect(lines).toEqual(["err", expect.stringMatching(/^debug1: /), expect.stringMatching(/^Transferred: /)]);
    expect(captured).not.toContain("\x1fdk-exit");
  });

  it("takes the mark wherever it comes: any number of lines after it are output, shown as they arrive", () => {
    const after = Array.from({ length: 100 }, (_, i) => `late ${i}\n`);
    const { streamed, captured, status } = cut(["err\n", MARK, ...after]);
    expect(status).toBe(3);
    expect(streamed).toEqual(["err", ...after.map((line) => line.slice(0, -1))]);
    expect(captured).toBe(`err\n${after.join("")}`);
  });

  it("keeps the command's last line without a newline before the mark as output, and a line after it apart", () => {
    const { lines, captured, status } = cut(["out\nno newline", `${MARK}later\n`]);
    expect(status).toBe(3);
    expect(lines).toEqual(["out", "no newline", "later"]);
    expect(captured).toBe("out\nno newlinelater\n");
  });

  it("ends a long line cut at LINE_LIMIT, the mark right after it", () => {
    const long = "x".repeat(LINE_LIMIT + 100);
    const { lines, captured, status } = cut([long, `${MARK}later\n`]);
    expect(status).toBe(3);
    expect(lines.slice(0, -1).join("")).toBe(long);
    expect(lines.at(-1)).toBe("later");
    expect(captured).toBe(`${long}later\n`);
  });

  it.each([
    ["without a nonce", "\x1fdk-exit:3\n"],
    ["with another nonce", `${exitMark("ba9876543210")}3\n`],
    ["inside a line", `before${MARK.slice(0, -1)}after\n`],
    ["with a status that is no status", `${exitMark(NONCE)}x3\n`],
  ])("keeps a mark-like line %s as output, before the mark and after it", (_, forged) => {
    const { lines, captured, status } = cut([forged, `${exitMark(NONCE)}4\n`, forged]);
    expect(status).toBe(4);
    expect(lines).toEqual([forged.slice(0, -1), forged.slice(0, -1)]);
    expect(captured).toBe(forged + forged);
  });

  it("takes the first mark only: a second one is output", () => {
    expect(cut([MARK, `${exitMark(NONCE)}5\n`])).toMatchObject({ status: 3, lines: [`${exitMark(NONCE)}5`] });
  });

  it("without a mark, reports no status", () => {
    expect(cut(["err\n", SSH_TAIL])).toMatchObject({
      status: undefined,
      lines: ["err", expect.any(String), expect.any(String)],
    });
  });
});

describe("cutLines: a long line that \\r redraws (a progress bar)", () => {
  // 4000 states of a bar, about 200 KB without a newline, in chunks of 4 KB.
  const states = Array.from({ length: 4000 }, (_, i) => `\r${String(i).padStart(5)}/4000 [${"#".repeat(20)}] 12.3MB/s`);
  const chunks = (text: string) =>
    Array.from({ length: Math.ceil(text.length / 4096) }, (_, i) => text.slice(i * 4096, (i + 1) * 4096));

  it("is one line, bounded, showing what a terminal shows (no piece cut inside an update); bytes stay exact", () => {
    const bar = `${states.join("")}\rdone 4000/4000\n`;
    const { lines, captured } = cut([...chunks(bar), "next\n"]);
    expect(lines.map(visible)).toEqual(["done 4000/4000", "next"]);
    expect(lines[0]!.length).toBeLessThanOrEqual(2 * LINE_LIMIT);
    expect(captured).toBe(`${bar}next\n`);
  });

  it("without its newline: its last state at the end, or before the mark", () => {
    const bar = states.join("");
    expect(cut(chunks(bar)).lines.map(visible)).toEqual([states.at(-1)!.slice(1)]);
    const { lines, status } = cut([...chunks(bar), `${MARK}later\n`]);
    expect([lines.map(visible), status]).toEqual([[states.at(-1)!.slice(1), "later"], 3]);
  });

  it("a part drawn past LINE_LIMIT without a \\r still comes in bounded pieces", () => {
    const long = `\rstart\r${"x".repeat(3 * LINE_LIMIT)}`;
    const { lines } = cut([...chunks(long), "\n"]);
    expect(lines.length).toBeGreaterThan(1);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(2 * LINE_LIMIT);
    expect(visible(lines.join(""))).toBe("x".repeat(3 * LINE_LIMIT));
  });
});
