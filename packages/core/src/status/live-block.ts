import { StringDecoder } from "node:string_decoder";
import { LINE_LIMIT } from "../output/split-lines.ts";

/** A terminal stream: what the live view needs to know about where it draws. */
export type TtyStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };

type Write = (text: string) => void;

/**
 * Whether a live view can draw on `stream`: a terminal that moves its cursor. TERM=dumb says it cannot (an editor's
 * shell buffer, a serial console): there, as on a pipe, progress goes as plain lines.
 */
export function drawsInPlace(
  stream: { readonly isTTY?: boolean | undefined },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return stream.isTTY === true && env.TERM !== "dumb";
}

// DECAWM: a character written in the last column stays there instead of wrapping (off), or wraps (on).
const NO_WRAP = "\x1b[?7l";
const WRAP = "\x1b[?7h";
// Erases the cursor's row (at its start) and all below. Erasing down from the top-left corner is clearing the screen,
// which tmux (scroll-on-clear) first moves into the scrollback: a copy of the block each time. So the row is erased
// whole (EL), then the rest from its second column, and the cursor steps back.
const ERASE_DOWN = "\x1b[2K\x1b[C\x1b[J\x1b[D";

/**
 * A block of lines at the bottom of the terminal, redrawn in place. Between frames the cursor rests on the block's
 * first row: a terminal made narrower rewraps the rows it has (tmux, VTE, kitty, iTerm2, xterm.js do), the block's
 * lines onto more rows than were drawn, and moves the cursor with them; from there, erasing down erases them all.
 */
export class LiveBlock {
  constructor(readonly write: Write) {}

  /**
   * Replaces the block with `lines` in one write, so the terminal never shows half a frame; `above` (whole lines) is
   * printed where the block was, and scrolls up with the rest of the terminal. The `last` block is never redrawn: the
   * cursor stays below it.
   */
  draw(lines: readonly string[], above = "", last = false): void {
    // Each line is cleared before it is written, and whatever is left below a shorter block is erased. A block to be
    // redrawn is written with autowrap off: a line wider than we measured (terminals differ on emoji) is clipped, not
    // wrapped onto a row the cursor would not climb back over. The lines above, and the last block, wrap.
    const block = lines.map((line) => `\x1b[2K${line}\n`).join("");
    const shown = last ? block : `${NO_WRAP}${block}${WRAP}`;
    const back = last || lines.length === 0 ? "" : `\x1b[${lines.length}A`;
    this.write(`\r${above === "" ? "" : `${ERASE_DOWN}${above}`}${shown}${ERASE_DOWN}${back}`);
  }
}

/**
 * Sends what other code writes to `stream` to `onText` instead, until the returned function restores the stream;
 * returns the stream's own write too (false when the stream asks us to wait), for the view's drawing.
 */
export function intercept(
  stream: TtyStream,
  onText: (text: string) => void,
): { own: (text: string) => boolean; restore: () => void } {
  const original = stream.write;
  const own = (text: string): boolean => original.call(stream, text);
  // Buffers (a piped child's output) may end inside a character: the decoder keeps its first bytes for the next.
  const decoder = new StringDecoder("utf8");
  const replacement = function (chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    onText(typeof chunk === "string" ? chunk : decoder.write(Buffer.from(chunk as Uint8Array)));
    const done = typeof encoding === "function" ? encoding : callback;
    if (typeof done === "function") process.nextTick(done as () => void);
    return true;
  };
  stream.write = replacement as TtyStream["write"];
  return {
    own,
    // Only our replacement is undone: someone who wrapped write after us keeps theirs.
    restore: () => void (stream.write === replacement && (stream.write = original)),
  };
}

/** Collects written text and hands on whole lines only, so a half-written line never ends up above the block. */
export class LineBuffer {
  #pending = "";
  constructor(readonly flush: (lines: string) => void) {}

  push(text: string): void {
    // Only the new text is searched: a long line written a piece at a time is not searched again with each piece.
    const cut = text.lastIndexOf("\n");
    if (cut === -1) {
      this.#pending += text;
      // A write that never ends its line (a progress bar of the task's own) goes above in pieces, as a command's would.
      if (this.#pending.length > LINE_LIMIT) this.end();
      return;
    }
    const lines = this.#pending + text.slice(0, cut + 1);
    this.#pending = text.slice(cut + 1);
    this.flush(lines);
  }

  /** Hands on what is left, with a newline. */
  end(): void {
    if (this.#pending !== "") this.flush(`${this.#pending}\n`);
    this.#pending = "";
  }
}
