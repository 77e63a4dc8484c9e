import { StringDecoder } from "node:string_decoder";
import { LINE_LIMIT, type Piece } from "./split-lines.ts";
import { skipLeading as skipLeadingLines, type LeadingLines } from "./skip-leading.ts";

export type CutOptions = {
  /** Keep the bytes read (within `maxBuffer`) for the result. */
  readonly capture: boolean;
  /** The run's exit mark (ssh runs, stderr; see `exitMark`): the line that ends with it and a status reports that. */
  readonly exitMark?: string | undefined;
  /** Called with the mark's status when it comes: the command has ended, whatever still holds its output. */
  readonly onExitMark?: ((status: number) => void) | undefined;
  /** The stream's first lines that match are dropped, neither shown nor kept (ssh's notices before the command). */
  readonly skipLeading?: LeadingLines | undefined;
  /** Most bytes to capture; past it nothing more is kept and `onOverflow` is called once. */
  readonly maxBuffer: number;
  readonly onOverflow: () => void;
};

/**
 * A line's text without its newline, whether it carries on a line cut at `LINE_LIMIT`, and whether the exit mark
 * ended it (the command's last line had no newline of its own).
 */
export type Line = readonly [text: string, continued: boolean, atMark?: boolean];

export type LineCutter = {
  /** Adds the lines a piece completes to `into`, the exit mark taken out of them. */
  take(piece: Piece, into: Line[]): void;
  /** At the stream's end: a last line still in the decoder, the bytes captured, the mark's status. */
  end(): { readonly last: Line[]; readonly captured: Buffer; readonly exitMark?: number };
};

/**
 * Cuts a stream's pieces into lines as text and captures its bytes exactly (within maxBuffer). The first line that
 * ends with the run's exit mark and a status carries the mark, wherever it comes (a background job may write after
 * it): the mark is dropped, the rest is output. Output that merely looks like a mark (another nonce) is output.
 */
export function cutLines(options: CutOptions): LineCutter {
  const { capture, skipLeading, maxBuffer, onOverflow } = options;
  const mark = options.exitMark === undefined ? undefined : Buffer.from(options.exitMark, "latin1");
  const kept: Buffer[] = [];
  const decoder = new StringDecoder("utf8");
  let captured = 0;
  let continued = false;
  // A long line that `\r` redraws (a progress bar) keeps only what a terminal still shows of it, not a piece per
  // LINE_LIMIT bytes cut anywhere in an update.
  let drawn = "";
  let status: number | undefined;
  // Bytes kept within maxBuffer; the lines they hold, as text.
  const emit = (bytes: Buffer, whole: boolean, into: Line[]): void => {
    if (capture && captured <= maxBuffer) {
      // Kept up to the limit exactly, as execa does; the command is then stopped.
      kept.push(bytes.subarray(0, maxBuffer - captured));
      captured += bytes.length;
      if (captured > maxBuffer) onOverflow();
    }
    const text = drawn + decoder.write(bytes);
    drawn = "";
    if (!whole) {
      const shown = lastDrawn(text);
      if (shown !== undefined && shown.length <= LINE_LIMIT) return void (drawn = shown);
      return void (into.push([text, continued]), (continued = true));
    }
    const lines = text.split("\n");
    lines.pop();
    for (const line of lines) {
      into.push([line.endsWith("\r") ? line.slice(0, -1) : line, continued]);
      continued = false;
    }
  };
  const leadingSkipped = skipLeading === undefined ? undefined : skipLeadingLines(skipLeading);
  const take = ([bytes, whole]: Piece, into: Line[]): void => {
    let run = leadingSkipped === undefined ? bytes : leadingSkipped(bytes, whole);
    const found = mark !== undefined && status === undefined && whole ? findMark(run, mark) : undefined;
    if (found !== undefined) {
      const [at, end, code] = found;
      // The command's own last line without a newline, if the mark follows one, stays output; the mark ends it.
      const start = lineStart(run, at);
      if (start > 0) emit(run.subarray(0, start), true, into);
      const before = into.length;
      if (at > start) emit(run.subarray(start, at), false, into);
      if (drawn !== "") into.push([drawn, continued]);
      for (let i = before; i < into.length; i++) into[i] = [into[i]![0], into[i]![1], true];
      [continued, drawn] = [false, ""];
      status = code;
      options.onExitMark?.(code);
      run = run.subarray(end);
    }
    if (run.length > 0) emit(run, whole, into);
  };

  const end = () => {
    const rest = drawn + decoder.end();
    return { last: rest === "" ? [] : [[rest, continued] as const], captured: Buffer.concat(kept), exitMark: status };
  };
  return { take, end };
}

// Where in a whole run the mark's line ends with `mark`, a status and a newline: [mark's start, line's end, status].
function findMark(run: Buffer, mark: Buffer): [at: number, end: number, status: number] | undefined {
  for (let at = run.indexOf(mark); at !== -1; at = run.indexOf(mark, at + 1)) {
    const newline = run.indexOf(10, at + mark.length);
    const digits = run.subarray(at + mark.length, newline).toString("latin1");
    if (/^\d{1,3}$/.test(digits)) return [at, newline + 1, Number(digits)];
  }
  return undefined;
}

// The start of the line that holds `at` (just after the newline before it).
function lineStart(run: Buffer, at: number): number {
  return at === 0 ? 0 : run.lastIndexOf(10, at - 1) + 1;
}

// What a terminal still shows of text that `\r` redraws: from the `\r` before its last drawn part; undefined when no
// `\r` redraws it.
function lastDrawn(text: string): string | undefined {
  let end = text.length;
  while (end > 0 && text[end - 1] === "\r") end--;
  const cr = text.lastIndexOf("\r", end - 1);
  return cr <= 0 ? undefined : text.slice(cr);
}
