import { EXIT_MARK } from "./remote-command.ts";
import type { OutputMode } from "./types.ts";

/**
 * An execa generator transform that hands each whole line (without its newline) to `onLine` as it arrives,
 * and passes the raw bytes on only when the output is captured, so printed output is never buffered.
 */
export function lineSink(mode: OutputMode, onLine: (text: string) => Promise<void> | undefined, onExitMark?: (code: number) => void) {
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
      if (mode === "pipe") yield line;
    },
    preserveNewlines: true,
  };
}
