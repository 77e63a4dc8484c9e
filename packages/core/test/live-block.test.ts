import { describe, expect, it } from "vitest";
import { LINE_LIMIT } from "../src/output/split-lines.ts";
import { LineBuffer } from "../src/status/live-block.ts";

describe("LineBuffer (other code's writes while the live view runs)", () => {
  it("hands on whole lines only, the rest at the end", () => {
    const flushed: string[] = [];
    const lines = new LineBuffer((text) => void flushed.push(text));
    ["one\ntw", "o\nthr", "ee"].forEach((text) => lines.push(text));
    expect(flushed).toEqual(["one\n", "two\n"]);
    lines.end();
    expect(flushed.at(-1)).toBe("three\n");
  });

  it("keeps memory bounded for a write that never ends its line: past LINE_LIMIT it goes on in pieces", () => {
    const flushed: string[] = [];
    const lines = new LineBuffer((text) => void flushed.push(text));
    const update = `\r${"#".repeat(1000)}`;
    for (let i = 0; i < 1000; i++) lines.push(update);
    expect(flushed.length).toBeGreaterThanOrEqual(10);
    for (const piece of flushed) expect(piece.length).toBeLessThanOrEqual(LINE_LIMIT + update.length + 1);
    lines.end();
    expect(flushed.join("").replaceAll("\n", "")).toBe(update.repeat(1000));
  });
});
