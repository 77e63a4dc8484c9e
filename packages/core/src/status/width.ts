// Terminal width of text: ANSI colour codes take no room, wide (CJK, emoji) characters take two columns.
import { SGR, colourEnded, colourOnly, colourParts } from "../output/escapes.ts";
import { visible } from "../output/printer.ts";

const PLAIN = /^[\x20-\x7e]*$/;
const OTHER = /[^\x20-\x7e]+/g;
const WINDOW = 256;
// Marks that do not advance the cursor, and format characters, save those a terminal draws (a soft hyphen, Arabic
// number signs); Hangul vowels and finals after a leading consonant join its syllable.
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\u1160-\u11ff\ud7b0-\ud7ff]$/u;
const DRAWN_FORMAT = /^[\u00ad\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u{110bd}\u{110cd}]$/u;
const EMOJI = /\p{Emoji_Presentation}|\ufe0f/u;

// East Asian Wide and Fullwidth blocks, [first, last] code points.
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2329, 0x232a],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dff],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x16fe0, 0x16fe4],
  [0x17000, 0x18d08],
  [0x1aff0, 0x1b2ff],
  [0x1f200, 0x1f2ff],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

let segmenter: Intl.Segmenter | undefined;

// One at a time, segmenting WINDOW characters at a time: a cut stops after the first few graphemes of a long line.
function* graphemes(text: string): Generator<string> {
  segmenter ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  for (let from = 0; from < text.length;) {
    const to = Math.min(text.length, from + WINDOW);
    let last = "";
    let lastAt = from;
    for (const { segment, index } of segmenter.segment(text.slice(from, to))) {
      if (last !== "") yield last;
      [last, lastAt] = [segment, from + index];
    }
    // The window's last grapheme may go on past it: the next window starts with it, unless it is the only one.
    if (to === text.length || lastAt === from) yield last;
    from = to === text.length || lastAt === from ? to : lastAt;
  }
}

// Text without escapes in pieces with their columns: a run of printable ASCII whole (one column each), the rest
// grapheme by grapheme, each stretch with the character before it (marks combine with it). Segmenting costs
// microseconds a grapheme: a long line that is mostly ASCII must not pay that for every character.
function* pieces(text: string): Generator<readonly [piece: string, columns: number, plain: boolean]> {
  let done = 0;
  for (const other of text.matchAll(OTHER)) {
    const start = Math.max(done, other.index - 1);
    if (start > done) yield [text.slice(done, start), start - done, true];
    done = other.index + other[0].length;
    for (const grapheme of graphemes(text.slice(start, done))) yield [grapheme, graphemeWidth(grapheme), false];
  }
  if (done < text.length) yield [text.slice(done), text.length - done, true];
}

function runWidth(text: string): number {
  if (PLAIN.test(text)) return text.length;
  let width = 0;
  for (const [, columns] of pieces(text)) width += columns;
  return width;
}

/**
 * Columns one grapheme takes on a terminal: an emoji two; else each of its characters' (a spacing vowel sign after its
 * consonant, as in Thai or Hindi, takes a column of its own).
 */
export function graphemeWidth(grapheme: string): number {
  if (EMOJI.test(grapheme) && !ZERO_WIDTH.test(String.fromCodePoint(grapheme.codePointAt(0) ?? 0))) return 2;
  let width = 0;
  for (const char of grapheme) width += charWidth(char);
  return width;
}

function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
  if (ZERO_WIDTH.test(char)) return DRAWN_FORMAT.test(char) ? 1 : 0;
  return WIDE.some(([first, last]) => code >= first && code <= last) ? 2 : 1;
}

/** Columns `text` takes on a terminal, ignoring colour codes. */
export function textWidth(text: string): number {
  let width = 0;
  for (const part of colourParts(text)) if (!SGR.test(part)) width += runWidth(part);
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
  const ellipsis = columns > 0 ? "…" : "";
  if (PLAIN.test(text)) return text.length <= columns ? text : `${text.slice(0, columns - 1)}${ellipsis}`;
  // Room for the ellipsis; a wide character that would straddle the edge is left out whole.
  const room = Math.max(0, columns - 1);
  let out = "";
  // What fits in `room`, once the text is known to go past it; the walk ends as soon as it is known not to fit.
  let kept: string | undefined;
  let width = 0;
  for (const part of colourParts(text)) {
    if (SGR.test(part)) {
      if (kept === undefined) out += part;
      continue;
    }
    // Pieces, not graphemes: a coloured line (each of the live view's) is mostly runs of ASCII, segmented for nothing.
    for (const [piece, w, plain] of pieces(part)) {
      // What fits before the ellipsis: of a run of ASCII its start, of a grapheme all or nothing.
      if (kept === undefined && width + w > room) kept = out + (plain ? piece.slice(0, Math.max(0, room - width)) : "");
      width += w;
      if (width > columns) return colourEnded(`${kept ?? out}${ellipsis}`);
      if (kept === undefined) out += piece;
    }
  }
  return colourEnded(text);
}
