import { TagColors, colorEnabled, colors } from "./colors.ts";
import { forTerminal } from "./escapes.ts";
import type { Printer } from "./printer-types.ts";

/** A progress line redrawn with `\r` would also overwrite its tag or indent: what a terminal would end up showing. */
export function visible(text: string): string {
  if (!text.includes("\r")) return text;
  return (
    text
      .split("\r")
      .filter((part) => part !== "")
      .at(-1) ?? ""
  );
}

export type { Printer, RunEnd } from "./printer-types.ts";

let installed: Printer | undefined;

/** The process-wide printer, created on first use (never at import). */
export function printer(): Printer {
  installed ??= createPrinter(process.stdout, process.stderr);
  return installed;
}

/** Installs `p` as the process-wide printer (undefined: back to the default); returns the one it replaced. */
export function setPrinter(p: Printer | undefined): Printer | undefined {
  const previous = installed;
  installed = p;
  return previous;
}

// One wait per stream, whatever the number of hosts waiting on it: a listener per host would leak. A stream that
// fails or closes instead of draining ends the wait too: nothing more will be taken from it.
const draining = new WeakMap<NodeJS.WritableStream, Promise<void>>();
export function drained(stream: NodeJS.WritableStream): Promise<void> {
  let wait = draining.get(stream);
  if (wait === undefined) {
    wait = new Promise<void>((resolve) => {
      const done = () => {
        for (const event of ["drain", "close", "error"]) stream.off(event, done);
        draining.delete(stream);
        resolve();
      };
      for (const event of ["drain", "close", "error"]) stream.on(event, done);
    });
    draining.set(stream, wait);
  }
  return wait;
}

// A reader that went away (`… | head`) ends what is shown there, not the run: a program using core decides whether to
// stop (dk does, as SIGPIPE would), else the commands finish. Any other error on the stream stays an error.
const gone = new WeakSet<NodeJS.WritableStream>();
const watched = new WeakSet<NodeJS.WritableStream>();
function write(stream: NodeJS.WritableStream, text: string): boolean {
  if (!watched.has(stream)) {
    watched.add(stream);
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      gone.add(stream);
    });
  }
  return gone.has(stream) || stream.write(text);
}

/**
 * The default printer: tagged lines on `stdout`/`stderr`, coloured when those are terminals (or FORCE_COLOR).
 * NO_COLOR (as TERM=dumb, FORCE_COLOR=0) turns off the colour it adds, tags and red stderr; a command's own colours
 * are its output, which it would show run alone, and stay (ask the command for none, e.g. `--color=never`).
 */
export function createPrinter(
  stdout: NodeJS.WritableStream & { isTTY?: boolean },
  stderr: NodeJS.WritableStream & { isTTY?: boolean },
): Printer {
  return taggedPrinter(stdout, stderr, new TagColors());
}

/** createPrinter with the tag colours of `tags`: a live view's, for the lines that come after it stopped. */
export function taggedPrinter(
  stdout: NodeJS.WritableStream & { isTTY?: boolean },
  stderr: NodeJS.WritableStream & { isTTY?: boolean },
  tags: TagColors,
): Printer {
  const out = colors(colorEnabled(stdout));
  const err = colors(colorEnabled(stderr));
  // On a terminal a line keeps its colour alone (as the live view's do); a file or a pipe gets the bytes as they came.
  const onTerminal = (to: { isTTY?: boolean }, line: string) => (to.isTTY === true ? forTerminal(line) : line);
  return {
    line(tag, text, stream = "stdout") {
      const shown = onTerminal(stream === "stdout" ? stdout : stderr, visible(text));
      // One write per line: lines from parallel hosts never mix within a line.
      const flowing =
        stream === "stdout"
          ? write(stdout, `${tags.paint(tag, out)} ${shown}\n`)
          : write(stderr, `${tags.paint(tag, err)} ${err.red(shown)}\n`);
      // Backpressure: a command printing faster than our reader reads is paused, not buffered without bound.
      return flowing ? undefined : drained(stream === "stdout" ? stdout : stderr);
    },
    notice(tag, text) {
      // A notice names a command, whose words may hold escapes too.
      write(stderr, `${tags.paint(tag, err)} ${err.yellow(onTerminal(stderr, text))}\n`);
    },
  };
}
