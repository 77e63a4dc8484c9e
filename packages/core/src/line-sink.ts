import type { Readable } from "node:stream";
import { EXIT_MARK } from "./remote-command.ts";
import type { OutputMode } from "./types.ts";

export type LineSinkOptions = {
  readonly mode: OutputMode;
  /** Each whole line, without its newline; a returned promise pauses the command until it settles (backpressure). */
  readonly onLine: (text: string) => Promise<void> | undefined;
  /** The remote exit status, when a line carries the mark (ssh runs, stderr). */
  readonly onExitMark?: ((code: number) => void) | undefined;
  /** Most characters to capture (pipe mode); past it nothing more is kept and `onOverflow` is called once. */
  readonly maxBuffer: number;
  readonly onOverflow: () => void;
};

/**
 * Reads `stream` line by line as it arrives, hands each whole line to `onLine`, and resolves at its end with the
 * captured text (pipe mode, within `maxBuffer`; "" when printed), so printed output is never buffered.
 * Plain `data` events rather than execa's generator transforms: they cost a fraction of the CPU per command.
 */
export function readLines(stream: Readable, { mode, onLine, onExitMark, maxBuffer, onOverflow }: LineSinkOptions): Promise<string> {
  const kept: string[] = [];
  let captured = 0;
  let partial = "";
  // Takes one line with its newline (none for the last); returns a promise when the printer wants a pause.
  const take = (raw: string): Promise<void> | undefined => {
    let line = raw;
    const mark = onExitMark === undefined ? -1 : line.lastIndexOf(EXIT_MARK);
    if (mark >= 0) {
      onExitMark!(Number.parseInt(line.slice(mark + EXIT_MARK.length), 10));
      // What came before the mark is the command's last line, which had no newline of its own.
      line = line.slice(0, mark);
      if (line === "") return undefined;
    }
    const drained = onLine(line.replace(/\r?\n$/, ""));
    if (mode === "pipe" && captured <= maxBuffer) {
      captured += line.length;
      if (captured > maxBuffer) onOverflow();
      else kept.push(line);
    }
    return drained;
  };
  // Whole lines, in order; the stream stays paused from the first line that waits for the printer to the last line.
  const takeAll = async (lines: readonly string[]): Promise<void> => {
    let paused = false;
    for (const line of lines) {
      const drained = take(line);
      if (drained === undefined) continue;
      if (!paused) stream.pause();
      paused = true;
      await drained;
    }
    if (paused) stream.resume();
  };
  let queue: Promise<void> = Promise.resolve();
  let waiting = false;
  stream.setEncoding("utf8");
  return new Promise<string>((resolve, reject) => {
    stream.on("data", (chunk: string) => {
      // Only the new chunk is searched: a 10 MB line arrives in many chunks.
      const end = chunk.lastIndexOf("\n");
      if (end < 0) {
        partial += chunk;
        return;
      }
      const lines = (partial + chunk.slice(0, end + 1)).match(/[^\n]*\n/g) ?? [];
      partial = chunk.slice(end + 1);
      // Lines are taken synchronously unless an earlier chunk is still waiting for the printer.
      if (!waiting) {
        const paused = takeAll(lines);
        if (stream.isPaused()) {
          waiting = true;
          queue = paused.then(() => void (waiting = false));
        }
      } else {
        queue = queue.then(() => takeAll(lines));
      }
    });
    let ended = false;
    // "close" too: a stream destroyed early (the command could not start) never ends.
    const finish = () => {
      if (ended) return;
      ended = true;
      queue = queue.then(() => (partial === "" ? undefined : takeAll([partial])));
      queue.then(() => resolve(kept.join("")), reject);
    };
    stream.on("error", reject);
    stream.on("end", finish);
    stream.on("close", finish);
  });
}
