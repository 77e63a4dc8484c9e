import type { Printer, RunEnd } from "../output/printer.ts";

/** Options of `createStatusPrinter`. */
export type StatusOptions = {
  /** Stderr lines and notices kept per host and shown under a failed host at the end. @default 5 (0 in "compact") */
  readonly tail?: number;
  /** Milliseconds between redraws. @default 100 */
  readonly intervalMs?: number;
  /**
   * What the terminal shows besides the block. `"stream"`: every output line, tagged, scrolling above a block of the
   * running hosts (dk's default). `"compact"`: the block alone, except that plain local commands' output still
   * prints, and at the end each failed command's output (its last `failedLines` lines, all of them in a log file;
   * dk --compact). `"block"`: the block alone (a view of your own events). @default "block"
   */
  readonly output?: "stream" | "compact" | "block";
  /** `"compact"`: how many lines of a failed command's output to show at the end. @default 200 */
  readonly failedLines?: number;
};

/** A live view of the hosts on a terminal; a `Printer` to install with `setPrinter`. */
export type StatusPrinter = Printer & {
  redraw(tag: string, text: string, stream?: "stdout" | "stderr"): void;
  start(tag: string, command: string, host?: string): void;
  end(tag: string, end: RunEnd): void;
  /** Announces hosts before they start, so they count as waiting. */
  plan(tags: readonly string[]): void;
  /**
   * Stops redrawing, leaves the final state on screen and gives the streams back (later lines print as tagged lines,
   * as `createPrinter` prints them); also runs at exit.
   */
  stop(): void;
};
