import type { RunEnd } from "../output/printer.ts";
import { CARRIED } from "../output/split-lines.ts";
import { LineRing, MAX_LINE } from "./line-ring.ts";
import type { LogDir, LogFile } from "./log-file.ts";

// Lines longer than this are cut in memory (LineRing's bound, a character of it taken by the stream's mark): the whole
// line then goes to the log file.
const LONG = MAX_LINE - 1;

type Capture = {
  count: number;
  readonly lines: LineRing;
  log: LogFile | undefined;
  failed: RunEnd | undefined;
};

/** The output of a command that failed while the compact view hid it. */
export type Failed = {
  readonly tag: string;
  readonly command: string;
  readonly exitCode: number;
  /** The last lines, each with the stream it came on. */
  readonly lines: readonly { readonly text: string; readonly stderr: boolean }[];
  /** How many lines it printed in all. */
  readonly count: number;
  /** The log file holding every line, when it printed more than were kept. */
  readonly log: string | undefined;
  /** Why there is no log file although lines were dropped, or why the log file misses lines. */
  readonly problem: string | undefined;
};

/**
 * For the compact view: each host's output while it runs (the last `limit` lines; past that, all of it also in a
 * log file), kept when a command fails and dropped when it does not.
 */
export class FailedOutput {
  readonly #open = new Map<string, Capture>();
  readonly #kept: Failed[] = [];
  constructor(
    readonly limit: number,
    readonly logs: LogDir,
  ) {}

  /** A command starts on `tag`; lines until the host runs nothing are its. */
  start(tag: string): void {
    if (this.#open.has(tag)) return;
    this.#open.set(tag, { count: 0, lines: new LineRing(this.limit), log: undefined, failed: undefined });
  }

  /** A line of `tag`'s command; `continued`: a long line's next piece (after `CARRIED`), which its log line goes on. */
  line(tag: string, text: string, stream: "stdout" | "stderr", continued = false): void {
    const capture = this.#open.get(tag);
    if (capture === undefined) return;
    // The line's start, past LONG, is in memory cut short and began the log: the log takes the rest, the ring nothing.
    if (continued) return void capture.log?.append(text.startsWith(CARRIED) ? text.slice(CARRIED.length) : text);
    // Every line so far is still in memory: the log starts with them, then takes each line as it comes.
    if (capture.log === undefined && (capture.count >= this.limit || text.length > LONG) && !this.logs.problem) {
      capture.log = this.logs.create(tag);
      for (const line of capture.lines.lines) capture.log?.write(line.slice(1));
    }
    capture.count++;
    capture.lines.push(text, stream === "stderr" ? "2" : "1");
    capture.log?.write(text);
  }

  /** A command on `tag` ended; `idle` when the host runs nothing now, which closes its capture. */
  end(tag: string, end: RunEnd, idle: boolean): void {
    const capture = this.#open.get(tag);
    if (capture === undefined) return;
    if (end.error !== undefined) capture.failed ??= end;
    if (!idle) return;
    this.#open.delete(tag);
    if (capture.failed === undefined) return void capture.log?.discard();
    capture.log?.close();
    this.#kept.push({
      tag,
      command: capture.failed.command,
      exitCode: capture.failed.exitCode,
      lines: capture.lines.lines.map((line) => ({ text: line.slice(1), stderr: line.startsWith("2") })),
      count: capture.count,
      log: capture.log?.path,
      problem:
        capture.log?.lost ?? (capture.log === undefined && capture.lines.truncated ? this.logs.problem : undefined),
    });
  }

  /** The failed commands' output, in the order they failed; hosts still running (Ctrl-C) are left out. */
  failed(): readonly Failed[] {
    for (const capture of this.#open.values()) capture.log?.discard();
    this.#open.clear();
    if (this.#kept.every((failed) => failed.log === undefined)) this.logs.tidy();
    return this.#kept;
  }
}
