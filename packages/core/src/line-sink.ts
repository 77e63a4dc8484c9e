import type { OutputMode } from "./types.ts";

/**
 * An execa generator transform that hands each whole line (without its newline) to `onLine` as it arrives,
 * and passes the raw bytes on only when the output is captured, so printed output is never buffered.
 */
export function lineSink(mode: OutputMode, onLine: (text: string) => void) {
  return {
    // Lines arrive as strings (utf8 encoding, line mode); execa types them as unknown.
    *transform(chunk: unknown) {
      const line = chunk as string;
      onLine(line.replace(/\r?\n$/, ""));
      if (mode === "pipe") yield line;
    },
    preserveNewlines: true,
  };
}
