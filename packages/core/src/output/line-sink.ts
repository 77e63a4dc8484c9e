import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { EXIT_MARK } from "../ssh/supervise.ts";
import { skipLeading as skipLeadingLines } from "./skip-leading.ts";
import { splitLines, type Piece } from "./split-lines.ts";

export type LineSinkOptions = {
  /** Keep the bytes read (within `maxBuffer`) for the result. */
  readonly capture: boolean;
  /**
   * Each line as text, without its newline; `continued` when it carries on a line cut at `LINE_LIMIT`.
   * A returned promise pauses the command until it settles (backpressure).
   */
  readonly onLine: (text: string, continued: boolean) => Promise<void> | undefined;
  /** The stream's last line may be the remote exit-status mark (ssh runs, stderr). */
  readonly exitMark: boolean;
  /** The stream's first lines that match are dropped, neither shown nor kept (ssh's notices before the command). */
  readonly skipLeading?: RegExp | undefined;
  /** Most bytes to capture; past it nothing more is kept and `onOverflow` is called once. */
  readonly maxBuffer: number;
  readonly onOverflow: () => void;
};

export type LineSink = {
  /** Settles when the stream ends or is destroyed: the captured bytes and the remote exit status, if marked. */
  readonly done: Promise<{ readonly captured: Buffer; readonly exitMark?: number | undefined }>;
  /** From now on output is counted, neither shown nor kept (a stopped command's flood). */
  discard(): void;
  /** Bytes read after `discard()`. */
  readonly discarded: number;
  /** Stops reading: `done` settles with what was read so far. */
  destroy(): void;
};

// The mark is the exact last line: `\x1fdk-exit:N\n`, maybe after the command's own last line without a newline.
const MARK = new RegExp(`${EXIT_MARK}(\\d{1,3})\n$`);
const MARK_TAIL = 16;
// Longest stretch of output handled, across every stream of the process, without letting timers (deadlines,
// redraws) run: chunks queued behind one another run as microtasks, which alone would never yield.
const SLICE_MS = 10;
// Unset until output first arrives: reading the clock at import would load its module for runs that print nothing.
let sliceStart: number | undefined;
const overBudget = () => performance.now() - (sliceStart ??= performance.now()) > SLICE_MS;
const nextTurn = () =>
  new Promise<void>((resolve) => setImmediate(() => ((sliceStart = performance.now()), resolve())));
type Line = readonly [text: string, continued: boolean];

/**
 * Reads `stream` as it arrives: whole lines (long ones in bounded pieces) to `onLine`, the bytes captured exactly,
 * memory bounded for any output shape. Only the final line can be the exit mark: output that merely contains the
 * mark's text is output.
 */
export function readLines(stream: Readable, options: LineSinkOptions): LineSink {
  const { capture, onLine, exitMark, skipLeading, maxBuffer, onOverflow } = options;
  const kept: Buffer[] = [];
  const decoder = new StringDecoder("utf8");
  const split = splitLines();
  let captured = 0;
  let continued = false;
  let held: Buffer | undefined;
  let discarding = false;
  let discarded = 0;
  let dropWait = () => {};
  // Settles at `discard()`: a printer we wait for no longer holds the run up.
  const dropped = new Promise<void>((resolve) => (dropWait = resolve));

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
  // A last line that looks like the mark waits: it is the mark only if nothing follows it.
  const take = ([bytes, whole]: Piece, into: Line[]): void => {
    if (held !== undefined) emit(held, true, into);
    held = undefined;
    let run = leadingSkipped === undefined ? bytes : leadingSkipped(bytes, whole);
    if (exitMark && whole && MARK.test(run.subarray(-MARK_TAIL).toString("latin1"))) {
      const start = run.lastIndexOf(10, run.length - 2) + 1;
      held = run.subarray(start);
      run = run.subarray(0, start);
    }
    if (run.length > 0) emit(run, whole, into);
  };

  // Lines in order; the stream stays paused from the first line that waits (for the printer, or for timers to
  // run: a flood read back to back would otherwise hold the event loop for seconds) to the last.
  const show = async (pieces: readonly Piece[]): Promise<void> => {
    const lines: Line[] = [];
    for (const piece of pieces) take(piece, lines);
    let paused = false;
    const wait = async (until: Promise<void>) => {
      if (!paused) stream.pause();
      paused = true;
      await Promise.race([until, dropped]);
    };
    for (let i = 0; i < lines.length && !discarding; i++) {
      if (i % 256 === 0 && overBudget()) await wait(nextTurn());
      if (discarding) break;
      const drained = onLine(...lines[i]!);
      if (drained !== undefined) await wait(drained);
    }
    if (paused) stream.resume();
  };
  let queue: Promise<void> = Promise.resolve();
  let waiting = false;
  const deliver = (pieces: readonly Piece[]) => {
    if (pieces.length === 0) return;
    // Shown synchronously unless an earlier chunk still waits.
    if (waiting) return void (queue = queue.then(() => (discarding ? undefined : show(pieces))));
    const running = show(pieces);
    if (!stream.isPaused()) return;
    waiting = true;
    queue = running.then(() => void (waiting = false));
  };

  const done = new Promise<{ captured: Buffer; exitMark?: number }>((resolve, reject) => {
    stream.on("data", (chunk: Buffer) => (discarding ? void (discarded += chunk.length) : deliver(split.push(chunk))));
    let ended = false;
    // "close" too: a stream destroyed early never ends.
    const finish = () => {
      if (ended) return;
      ended = true;
      queue = queue.then(() => (discarding ? undefined : show(split.end())));
      queue.then(() => resolve(settle()), reject);
    };
    stream.on("error", finish);
    stream.on("end", finish);
    stream.on("close", finish);
  });

  // The held line is the mark: what came before it on that line is the command's last output.
  function settle(): { captured: Buffer; exitMark?: number } {
    let mark: number | undefined;
    const last: Line[] = [];
    if (held !== undefined && !discarding) {
      const text = held.toString("latin1");
      const at = text.lastIndexOf(EXIT_MARK);
      mark = Number(MARK.exec(text)![1]);
      if (at > 0) emit(held.subarray(0, at), false, last);
    }
    const rest = decoder.end();
    if (rest !== "") last.push([rest, continued]);
    if (!discarding) for (const line of last) void onLine(...line);
    return { captured: Buffer.concat(kept), exitMark: mark };
  }

  return {
    done,
    discard: () => {
      discarding = true;
      dropWait();
      stream.resume();
    },
    get discarded() {
      return discarded;
    },
    destroy: () => void stream.destroy(),
  };
}
