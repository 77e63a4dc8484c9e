import { describe, expect, it } from "vitest";
import { cutLines, type Line } from "../src/output/line-cutter.ts";
import { splitLines } from "../src/output/split-lines.ts";
import { VERBOSE_TRAILER } from "../src/ssh/argv.ts";

const MARK = "\x1fdk-exit:3\n";
const SSH_TAIL =
  "debug1: client_input_channel_req: channel 0 rtype exit-status reply 0\r\nTransferred: sent 1, received 2 bytes\r\n";

// Cuts stderr arriving in `chunks` as a verbose (or plain) ssh run's: the lines shown, and the mark's status.
function cut(chunks: readonly string[], verbose: boolean) {
  const cutter = cutLines({
    capture: true,
    exitMark: true,
    afterMark: verbose ? VERBOSE_TRAILER : undefined,
    maxBuffer: 1 << 20,
    onOverflow: () => {},
  });
  const split = splitLines();
  const lines: Line[] = [];
  for (const chunk of chunks) for (const piece of split.push(Buffer.from(chunk, "latin1"))) cutter.take(piece, lines);
  for (const piece of split.end()) cutter.take(piece, lines);
  const { last, captured, exitMark } = cutter.end(false);
  return { lines: [...lines, ...last].map(([text]) => text), captured: captured.toString("latin1"), exitMark };
}

describe("cutLines: the exit mark with ssh's own lines after it (verboseSsh)", () => {
  it.each([
    ["in one chunk", [`err\n${MARK}${SSH_TAIL}`]],
    ["in chunks of their own", ["err\n", MARK, "debug1: client_input_channel_req: x\r\n", "Transferred: sent 1\r\n"]],
  ])("takes the mark and keeps ssh's lines, %s", (_, chunks) => {
    const { lines, captured, exitMark } = cut(chunks, true);
    expect(exitMark).toBe(3);
    expect(lines[0]).toBe("err");
    expect(lines.slice(1).every((line) => VERBOSE_TRAILER.test(line))).toBe(true);
    expect(lines).toHaveLength(3);
    expect(captured).not.toContain("\x1fdk-exit");
  });

  it("keeps a mark-like line that output follows as output", () => {
    const { lines, exitMark } = cut([`${MARK}debug1: looks like ssh\nreal output\n`], true);
    expect(exitMark).toBeUndefined();
    expect(lines).toEqual(["\x1fdk-exit:3", "debug1: looks like ssh", "real output"]);
  });

  // `count` ssh lines, `perChunk` to a chunk; the first `withMark` of them in the mark's own chunk.
  const after = (count: number, perChunk: number, withMark = 0): string[] => {
    const lines = Array.from({ length: count }, (_, i) => `debug1: ${i}\n`);
    const rest = lines.slice(withMark);
    const chunks = Array.from({ length: Math.ceil(rest.length / perChunk) }, (_, i) =>
      rest.slice(i * perChunk, (i + 1) * perChunk).join(""),
    );
    return [MARK + lines.slice(0, withMark).join(""), ...chunks];
  };
  it.each([
    ["a line a chunk", 1, 0],
    ["two lines a chunk", 2, 0],
    ["all in the mark's chunk", 70, 70],
    ["40 in the mark's chunk, then a line a chunk", 1, 40],
  ])("gives ssh at most 64 lines after the mark, %s", (_, perChunk, withMark) => {
    const { lines, exitMark } = cut(after(70, perChunk, Math.min(withMark, 70)), true);
    expect(exitMark).toBeUndefined();
    expect(lines).toHaveLength(71);
    // 64 are still ssh's.
    expect(cut(after(64, perChunk, Math.min(withMark, 64)), true).exitMark).toBe(3);
  });

  it("without verboseSsh, takes the mark only as the last line", () => {
    expect(cut([`err\n${MARK}`], false)).toMatchObject({ exitMark: 3, lines: ["err"] });
    expect(cut([`err\n${MARK}${SSH_TAIL}`], false).exitMark).toBeUndefined();
  });
});
