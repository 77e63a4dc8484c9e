// Terminal width of text: ANSI colour codes take no room, wide (CJK, emoji) characters take two columns.
import { SGR, colourEnded, colourOnly, colourParts } from "../output/escapes.ts";
import { visible } from "../output/printer.ts";

const PLAIN = /^[\x20-\x7e]*$/;
const ZERO_WIDTH = /^[\p{M}\p{Cf}]/u;
const EMOJI = /\p{Emoji_Presentation}|\ufe0f/u;

// East Asian Wide and Fullwidth blocks, [first, last] code points.
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

let segmenter: Intl.Segmenter | undefined;

function graphemes(text: string): Iterable<string> {
  segmenter ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  return Array.from(segmenter.segment(text), (part) => part.segment);
}

/** Columns one grapheme takes on a terminal: 0, 1 or 2. */
export function graphemeWidth(grapheme: string): number {
  const code = grapheme.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0) || ZERO_WIDTH.test(grapheme)) return 0;
  if (WIDE.some(([first, last]) => code >= first && code <= last) || EMOJI.test(grapheme)) return 2;
  return 1;
}

/** Columns `text` takes on a terminal, ignoring colour codes. */
export function textWidth(text: string): number {
  let width = 0;
  for (const part of colourParts(text)) {
    if (SGR.test(part)) continue;
    if (PLAIN.test(part)) width += part.length;
    else for (const grapheme of graphemes(part)) width += graphemeWidth(grapheme);
  }
  return width;
}

/**
 * One line of command output made safe to draw: what a `\r` redraw would leave, tabs as spaces, only colour escapes
 * kept.
 */
export function sanitize(text: string): string {
  return colourOnly(visible(text)).replace(/\t/g, "  ");
}

/** `text` cut to at most `columns` columns, ending in `…` when cut; colour is reset at the end when it had any. */
export function cut(text: string, columns: number): string {
  if (PLAIN.test(text) && text.length <= columns) return text;
  if (textWidth(text) <= columns) return colourEnded(text);
  let out = "";
  let width = 0;
  // Room for the ellipsis; a wide character that would straddle the edge is left out whole.
  const room = Math.max(0, columns - 1);
  outer: for (const part of colourParts(text)) {
    if (SGR.test(part)) {
      out += part;
      continue;
    }
    for (const grapheme of graphemes(part)) {
      const w = graphemeWidth(grapheme);
      if (width + w > room) break outer;
      out += grapheme;
      width += w;
    }
  }
  return colourEnded(`${out}${columns > 0 ? "…" : ""}`);
}
