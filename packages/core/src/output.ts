import { once } from "node:events";
import { TagColors, colorEnabled, colors } from "./colors.ts";

// A progress line redrawn with `\r` would also overwrite the tag: show what a terminal would end up showing.
function visible(text: string): string {
  if (!text.includes("\r")) return text;
  return text.split("\r").filter((part) => part !== "").at(-1) ?? "";
}

/** Where tagged lines are written; one per process, so host colours stay stable across calls. */
export type Printer = {
  /** Writes `[tag] line` to stdout, or to stderr in red; returns a promise when the stream wants us to wait (a slow pipe). */
  line(tag: string, text: string, stream?: "stdout" | "stderr"): Promise<void> | undefined;
  /** A tagged notice on stderr (warnings, waiting messages). */
  notice(tag: string, text: string): void;
};

let shared: Printer | undefined;

/** The process-wide printer, created on first use (never at import). */
export function printer(): Printer {
  shared ??= createPrinter(process.stdout, process.stderr);
  return shared;
}

export function createPrinter(stdout: NodeJS.WriteStream, stderr: NodeJS.WriteStream): Printer {
  const tags = new TagColors();
  const out = colors(colorEnabled(stdout));
  const err = colors(colorEnabled(stderr));
  return {
    line(tag, text, stream = "stdout") {
      const shown = visible(text);
      // One write per line: lines from parallel hosts never mix within a line.
      const flowing = stream === "stdout"
        ? stdout.write(`${tags.paint(tag, out)} ${shown}\n`)
        : stderr.write(`${tags.paint(tag, err)} ${err.red(shown)}\n`);
      // Backpressure: a command printing faster than our reader reads is paused, not buffered without bound.
      return flowing ? undefined : once(stream === "stdout" ? stdout : stderr, "drain").then(() => {});
    },
    notice(tag, text) {
      stderr.write(`${tags.paint(tag, err)} ${err.yellow(text)}\n`);
    },
  };
}
