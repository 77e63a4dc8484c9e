import { describe, expect, it } from "vitest";
import { cut, textWidth } from "../src/status/width.ts";
import { segmented } from "./helpers/segmented.ts";

describe("width of long lines", () => {
  const long = `é ${"data ".repeat(13_000)}`;

  it("a cut segments the line's start only, not all 64 kB of it", () => {
    let shown = "";
    expect(segmented(() => (shown = cut(long, 79)))).toBeLessThanOrEqual(512);
    expect(shown).toBe(`${long.slice(0, 78)}…`);
    expect(segmented(() => (shown = cut("日".repeat(30_000), 9)))).toBeLessThanOrEqual(512);
    expect(shown).toBe("日日日日…");
  });

  it("a width segments only what is not plain ASCII", () => {
    let width = 0;
    expect(segmented(() => (width = textWidth(long)))).toBeLessThanOrEqual(8);
    expect(width).toBe(long.length);
  });

  it("a cut of a coloured line segments only what is not plain ASCII: a live view's every line is coloured", () => {
    const line = `\u001b[36m⠋\u001b[39m \u001b[32m[web1]\u001b[39m   3.2s  ${"copying ".repeat(8)}é`;
    let shown = "";
    expect(segmented(() => (shown = cut(line, 99)))).toBeLessThanOrEqual(8);
    expect(shown).toBe(`${line}\u001b[0m`);
    expect(segmented(() => (shown = cut(line, 30)))).toBeLessThanOrEqual(8);
    expect(textWidth(shown)).toBe(30);
    expect(shown.endsWith("  copying copy…\u001b[0m")).toBe(true);
  });

  it.each([
    ["a mark after an ASCII letter", `ab${"e\u0301"}cd`, 5],
    ["a keycap (digit, VS16, enclosing mark)", "x1\ufe0f\u20e3", 3],
    ["a mark across a window's edge", `${"x".repeat(255)}e\u0301`, 256],
    ["a family emoji across a window's edge", `${"x".repeat(254)}👨\u200d👩\u200d👧`, 256],
    ["a wide character across a window's edge", `${"é".repeat(255)}日`, 257],
    ["one grapheme longer than a window", `e${"\u0301".repeat(300)}`, 1],
  ])("counts %s as a terminal does", (_, text, columns) => {
    expect(textWidth(text)).toBe(columns);
    expect(cut(text, columns)).toBe(text);
    expect(textWidth(cut(text, columns - 1))).toBeLessThanOrEqual(columns - 1);
  });
});

// As a terminal that counts each character (tmux, xterm, VTE) draws them: a count too small would wrap the live view's
// line, and the block would no longer be redrawn in place.
describe("width of other scripts", () => {
  it.each([
    ["Thai, a consonant and its spacing vowel sign", "\u0e01\u0e33", 2],
    ["Hindi, a consonant and its spacing vowel sign", "\u0915\u093f", 2],
    ["Tamil, a consonant and a two-part vowel sign", "\u0b95\u0bca", 2],
    ["Hangul written as leading consonant, vowel and final", "\u1112\u1161\u11ab", 2],
    ["a soft hyphen", "co\u00adop", 5],
    ["angle brackets of the wide kind", "\u2329x\u232a", 5],
    ["a hexagram symbol", "\u4dc0", 2],
    ["kana of the supplement", "\u{1b000}", 2],
    ["an enclosed ideograph", "\u{1f202}", 2],
  ])("counts %s as a terminal draws it", (_, text, columns) => {
    expect(textWidth(text)).toBe(columns);
    expect(textWidth(cut(`${text}${"x".repeat(80)}`, 40))).toBeLessThanOrEqual(40);
  });
});
