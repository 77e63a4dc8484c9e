import { describe, expect, it } from "vitest";
import { LINE_LIMIT, splitLines, type Piece } from "../src/output/split-lines.ts";

// Feeds `text` in chunks of `size` bytes; every piece, and the text the pieces add up to.
function split(text: Buffer, size: number): { pieces: Piece[]; joined: Buffer } {
  const splitter = splitLines();
  const pieces: Piece[] = [];
  for (let at = 0; at < text.length; at += size) pieces.push(...splitter.push(text.subarray(at, at + size)));
  pieces.push(...splitter.end());
  return { pieces, joined: Buffer.concat(pieces.map(([bytes]) => bytes)) };
}

// The lines a piece of whole lines holds, each with its newline.
const linesOf = ([bytes, whole]: Piece): Buffer[] => {
  if (!whole) return [bytes];
  const lines: Buffer[] = [];
  for (let start = 0; start < bytes.length;) {
    const end = bytes.indexOf(10, start) + 1;
    lines.push(bytes.subarray(start, end));
    start = end;
  }
  return lines;
};

describe("splitLines", () => {
  const long = (bytes: number) => Buffer.from(`${"a".repeat(bytes)}\n`);
  it.each([
    ["80 kB in one chunk", long(80_000), 1 << 20],
    ["80 kB in 64 KiB chunks (a pipe's reads)", long(80_000), 65_536],
    ["200 kB in 64 KiB chunks", long(200_000), 65_536],
    ["short lines around 100 kB in one chunk", Buffer.from(`x\n${"b".repeat(100_000)}\ny\n`), 1 << 20],
    ["100 kB after a partial line, in 50 kB chunks", Buffer.from(`${"c".repeat(100_000)}\nz\n`), 50_000],
  ])("hands on no line longer than LINE_LIMIT, whatever the chunks: %s", (_, text, size) => {
    const { pieces, joined } = split(text, size);
    expect(joined.equals(text)).toBe(true);
    const longest = Math.max(...pieces.flatMap(linesOf).map((line) => line.length - (line.at(-1) === 10 ? 1 : 0)));
    expect(longest).toBeLessThanOrEqual(LINE_LIMIT);
    // A whole piece ends a line; only the last piece of the text is one.
    expect(pieces.at(-1)![1]).toBe(true);
  });
});
