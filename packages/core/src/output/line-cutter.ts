import { StringDecoder } from "node:string_decoder";
import type { Piece } from "./split-lines.ts";
import { EXIT_MARK } from "../ssh/supervise.ts";
import { skipLeading as skipLeadingLines, type LeadingLines } from "./skip-leading.ts";

export type CutOptions = {
  /** Keep the bytes read (within `maxBuffer`) for the result. */
  readonly capture: boolean;
  /** The stream's last line may be the remote exit-status mark (ssh runs, stderr). */
  readonly exitMark: boolean;
  /** The stream's first lines that match are dropped, neither shown nor kept (ssh's notices before the command). */
  readonly skipLeading?: LeadingLines | undefined;
  /** Lines ssh itself may write after the exit mark (its `-v` lines): the mark still ends the command's output. */
  readonly afterMark?: RegExp | undefined;
  /** Most bytes to capture; past it nothing more is kept and `onOverflow` is called once. */
  readonly maxBuffer: number;
  readonly onOverflow: () => void;
};

/** A line's text without its newline, and whether it carries on a line cut at `LINE_LIMIT`. */
export type Line = readonly [text: string, continued: boolean];

export type LineCutter = {
  /** Adds the lines a piece completes to `into`; a last line that may be the exit mark is held back. */
  take(piece: Piece, into: Line[]): void;
  /** At the stream's end: the lines still held (none when `dropHeld`), the bytes captured, the mark's status. */
  end(dropHeld: boolean): { readonly last: Line[]; readonly captured: Buffer; readonly exitMark?: number };
};

// The mark is the exact last line: `\x1fdk-exit:N\n`, maybe after the command's own last line without a newline.
const MARK = new RegExp(`${EXIT_MARK}(\\d{1,3})\n$`);
const MARK_TAIL = 16;
// ssh -v writes about six lines after the command's end; more than this after a mark-like line is output.
const MAX_TRAILING = 64;

/**
 * Cuts a stream's pieces into lines as text and captures its bytes exactly (within maxBuffer). Only the final line
 * can be the exit mark: output that merely contains the mark's text is output.
 */
export function cutLines(options: CutOptions): LineCutter {
  const { capture, exitMark, skipLeading, afterMark, maxBuffer, onOverflow } = options;
  const kept: Buffer[] = [];
  const decoder = new StringDecoder("utf8");
  let captured = 0;
  let continued = false;
  let held: Buffer | undefined;
  // Whole lines after the held mark that only ssh can have written; output, in order, whatever the mark turns out.
  let trailing: Buffer[] = [];
  let trailingLines = 0;
  // Bytes kept within maxBuffer; the lines they hold, as text.
  const emit = (bytes: Buffer, whole: boolean, into: Line[]): void => {
    if (capture && captured <= maxBuffer) {
      // Kept up to the limit exactly, as execa does; the command is then stopped.
      kept.push(bytes.subarray(0, maxBuffer - captured));
      captured += bytes.length;
      if (captured > maxBuffer) onOverflow();
    }
    const text = decoder.write(bytes);
    if (!whole) return void (into.push([text, continued]), (continued = true));
    const lines = text.split("\n");
    lines.pop();
    for (const line of lines) {
      into.push([line.endsWith("\r") ? line.slice(0, -1) : line, continued]);
      continued = false;
    }
  };
  const leadingSkipped = skipLeading === undefined ? undefined : skipLeadingLines(skipLeading);
  // A last line that looks like the mark waits: it is the mark only if nothing follows it but, with `afterMark`, a
  // few lines of ssh's own (more would be output that merely looks like them).
  const take = ([bytes, whole]: Piece, into: Line[]): void => {
    let run = leadingSkipped === undefined ? bytes : leadingSkipped(bytes, whole);
    if (held !== undefined && whole && afterMark !== undefined) {
      const [from, lines] = sshLines(run, afterMark, MAX_TRAILING - trailingLines);
      if (from === 0) return void (trailing.push(run), (trailingLines += lines));
    }
    if (held !== undefined) for (const line of [held, ...trailing]) emit(line, true, into);
    held = undefined;
    trailing = [];
    trailingLines = 0;
    const [end, lines] = exitMark && whole ? sshLines(run, afterMark, MAX_TRAILING) : [0, 0];
    if (MARK.test(run.subarray(Math.max(0, end - MARK_TAIL), end).toString("latin1"))) {
      const start = lineStart(run, end);
      held = run.subarray(start, end);
      if (end < run.length) trailing.push(run.subarray(end));
      trailingLines = lines;
      run = run.subarray(0, start);
    }
    if (run.length > 0) emit(run, whole, into);
  };

  // The held line is the mark: what came before it on that line is the command's last output.
  const end = (dropHeld: boolean) => {
    let mark: number | undefined;
    const last: Line[] = [];
    if (held !== undefined && !dropHeld) {
      const text = held.toString("latin1");
      const at = text.lastIndexOf(EXIT_MARK);
      mark = Number(MARK.exec(text)![1]);
      if (at > 0) emit(held.subarray(0, at), false, last);
      for (const line of trailing) emit(line, true, last);
    }
    const rest = decoder.end();
    if (rest !== "") last.push([rest, continued]);
    return { last, captured: Buffer.concat(kept), exitMark: mark };
  };
  return { take, end };
}

// Where the lines at the end of a whole run that match `pattern` (ssh's own) begin, at most `limit` of them, and how
// many there are: [run.length, 0] when none do.
function sshLines(run: Buffer, pattern: RegExp | undefined, limit: number): [from: number, lines: number] {
  let end = run.length;
  let lines = 0;
  for (; pattern !== undefined && end > 0 && lines < limit; lines++) {
    const start = lineStart(run, end);
    if (!pattern.test(run.subarray(start, end).toString("latin1"))) break;
    end = start;
  }
  return [end, lines];
}

// The start of the line that ends at `end` (just after its newline).
function lineStart(run: Buffer, end: number): number {
  return end < 2 ? 0 : run.lastIndexOf(10, end - 2) + 1;
}
