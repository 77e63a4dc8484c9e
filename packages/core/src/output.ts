import { TagColors, colorEnabled, colors } from "./colors.ts";

/** Where tagged lines are written; one per process, so host colours stay stable across calls. */
export type Printer = {
  /** Writes `[tag] line` to stdout, or to stderr in red when `stream` is "stderr". */
  line(tag: string, text: string, stream?: "stdout" | "stderr"): void;
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
      // One write per line: lines from parallel hosts never mix within a line.
      if (stream === "stdout") stdout.write(`${tags.paint(tag, out)} ${text}\n`);
      else stderr.write(`${tags.paint(tag, err)} ${err.red(text)}\n`);
    },
    notice(tag, text) {
      stderr.write(`${tags.paint(tag, err)} ${err.yellow(text)}\n`);
    },
  };
}
