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
 * An execa generator transform that hands each whole line to `onLine` as it arrives, and passes the raw text on
 * only when the output is captured (and within `maxBuffer`), so printed output is never buffered.
 */
export function lineSink({ mode, onLine, onExitMark, maxBuffer, onOverflow }: LineSinkOptions) {
  let captured = 0;
  return {
    // Lines arrive as strings (utf8 encoding, line mode); execa types them as unknown.
    async *transform(chunk: unknown) {
      let line = chunk as string;
      const mark = onExitMark === undefined ? -1 : line.lastIndexOf(EXIT_MARK);
      if (mark >= 0) {
        onExitMark!(Number.parseInt(line.slice(mark + EXIT_MARK.length), 10));
        // What came before the mark is the command's last line, which had no newline of its own.
        line = line.slice(0, mark);
        if (line === "") return;
      }
      const drained = onLine(line.replace(/\r?\n$/, ""));
      if (drained !== undefined) await drained;
      if (mode !== "pipe" || captured > maxBuffer) return;
      captured += line.length;
      if (captured > maxBuffer) onOverflow();
      else yield line;
    },
    preserveNewlines: true,
  };
}
