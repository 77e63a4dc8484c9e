import type { Readable } from "node:stream";
import type { endOrder } from "./end-order.ts";
import { cutLines, type CutOptions, type Line } from "./line-cutter.ts";
import { watchRedraw } from "./redraw.ts";
import { splitLines, type Piece } from "./split-lines.ts";

export type LineSinkOptions = CutOptions & {
  /**
   * Each line as text, without its newline; `continued` when it carries on a line cut at `LINE_LIMIT`.
   * A returned promise pauses the command until it settles (backpressure).
   */
  readonly onLine: (text: string, continued: boolean) => Promise<void> | undefined;
  /** Each chunk read, a line's end in it or not: output is progress (a `\r` bar writes no newline). */
  readonly onData?: (() => void) | undefined;
  /** A line under way that `\r` redraws (a progress bar): what a terminal shows of it, each time that changes. */
  readonly onRedraw?: ((text: string) => void) | undefined;
  /** Shared with the command's other stream: the lines both hold at their end go out in the order they began. */
  readonly endOrder?: ReturnType<typeof endOrder> | undefined;
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

// Longest stretch of output handled, across every stream of the process, without letting timers (deadlines,
// redraws) run: chunks queued behind one another run as microtasks, which alone would never yield.
const SLICE_MS = 10;
// Unset until output first arrives: reading the clock at import would load its module for runs that print nothing.
let sliceStart: number | undefined;
const overBudget = () => performance.now() - (sliceStart ??= performance.now()) > SLICE_MS;
const nextTurn = () =>
  new Promise<void>((resolve) => setImmediate(() => ((sliceStart = performance.now()), resolve())));

/**
 * Reads `stream` as it arrives: whole lines (long ones in bounded pieces) to `onLine`, the bytes captured exactly,
 * memory bounded for any output shape, paced so that neither a slow printer nor a flood holds up the rest.
 */
export function readLines(stream: Readable, options: LineSinkOptions): LineSink {
  const { onLine } = options;
  const split = splitLines();
  const cutter = cutLines(options);
  const redraw = options.onRedraw === undefined ? undefined : watchRedraw(options.exitMark?.[0]);
  let discarding = false;
  let discarded = 0;
  // When the line held without its newline began, if one is, as the lines shown so far leave it: the other stream
  // waits on it.
  let heldSince: number | undefined;
  const turn = options.endOrder?.join(() => heldSince);
  let dropWait = () => {};
  // Settles at `discard()`: a printer we wait for no longer holds the run up.
  const dropped = new Promise<void>((resolve) => (dropWait = resolve));

  // Lines in order; the stream stays paused from the first line that waits (for the printer, or for timers to
  // run: a flood read back to back would otherwise hold the event loop for seconds) to the last.
  // `since`: when the line that these pieces may end began.
  const show = async (pieces: readonly Piece[], since: number | undefined): Promise<void> => {
    const lines: Line[] = [];
    for (const piece of pieces) cutter.take(piece, lines);
    let paused = false;
    const wait = async (until: Promise<void>) => {
      if (!paused) stream.pause();
      paused = true;
      await Promise.race([until, dropped]);
    };
    for (let i = 0; i < lines.length && !discarding; i++) {
      if (i % 256 === 0 && overBudget()) await wait(nextTurn());
      if (discarding) break;
      const [text, continued, atMark] = lines[i]!;
      // The command's last line, ended by the exit mark: after an older line the other stream still holds.
      if (atMark && turn !== undefined) {
        await wait(turn.inOrder(since ?? performance.now(), () => (discarding ? undefined : onLine(text, continued))));
        continue;
      }
      const drained = onLine(text, continued);
      if (drained !== undefined) await wait(drained);
    }
    if (paused) stream.resume();
  };
  let queue: Promise<void> = Promise.resolve();
  let waiting = false;
  const later = (then: () => void) => {
    if (waiting) queue = queue.then(() => (discarding ? undefined : then()));
    else then();
  };
  // Pieces that end the line begun at `since` (if any), and leave one begun at `next` held.
  const deliver = (pieces: readonly Piece[], since: number | undefined, next: number | undefined) => {
    const shown = () => ((heldSince = next), turn?.changed());
    if (pieces.length === 0) return later(shown);
    // Shown synchronously unless an earlier chunk still waits.
    if (waiting) return void (queue = queue.then(() => (discarding ? undefined : show(pieces, since))).then(shown));
    const running = show(pieces, since);
    if (!stream.isPaused()) return shown();
    waiting = true;
    queue = running.then(() => ((waiting = false), shown()));
  };

  const done = new Promise<{ captured: Buffer; exitMark?: number }>((resolve, reject) => {
    stream.on("data", (chunk: Buffer) => {
      options.onData?.();
      if (discarding) return void (discarded += chunk.length);
      const since = split.heldSince;
      deliver(split.push(chunk), since, split.heldSince);
      const text = redraw?.(chunk);
      // After the lines before it, which may still wait for the printer.
      if (text !== undefined) later(() => options.onRedraw?.(text));
    });
    let ended = false;
    // "close" too: a stream destroyed early never ends.
    const finish = () => {
      if (ended) return;
      ended = true;
      const flush = async () => {
        if (!discarding) await show(split.end(), heldSince);
        heldSince = undefined;
        turn?.changed();
        return settle();
      };
      queue.then(() => (turn === undefined ? flush() : turn.inOrder(heldSince, flush))).then(resolve, reject);
    };
    stream.on("error", finish);
    stream.on("end", finish);
    stream.on("close", finish);
  });

  // What the decoder still held goes out last, unless the output is being discarded.
  function settle(): { captured: Buffer; exitMark?: number } {
    const { last, captured, exitMark: mark } = cutter.end();
    if (!discarding) for (const [text, continued] of last) void onLine(text, continued);
    return { captured, exitMark: mark };
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
