import { TagColors, colorEnabled, colors } from "./colors.ts";
import { forTerminal } from "./escapes.ts";

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

/** How one command ended, as a printer sees it. */
export type RunEnd = {
  readonly command: string;
  readonly exitCode: number;
  readonly durationMs: number;
  /** Why it failed (one line), when it failed and that failure was an error (not `check: false`). */
  readonly error?: string | undefined;
  /** Its failure was its stop (Ctrl-C, an abort), not a fault of its own. */
  readonly stopped?: boolean | undefined;
};

/**
 * Where everything a run shows goes: tagged lines, notices, and (for views that track hosts) each command's start
 * and end. One per process, so host colours stay stable across calls; a task runner may install its own.
 */
export type Printer = {
  /**
   * Writes `[tag] line` to stdout, or to stderr in red; returns a promise when the stream wants us to wait (a slow
   * pipe). `continued`: the text carries on the line before it, after `CARRIED` (a line past `LINE_LIMIT` bytes comes
   * in pieces).
   */
  line(tag: string, text: string, stream?: "stdout" | "stderr", continued?: boolean): Promise<void> | undefined;
  /**
   * A line under way on `tag` that `\r` redraws (a progress bar), as a terminal shows it now; views that show each
   * host's latest output use it, tagged lines wait for the line's end.
   */
  redraw?(tag: string, text: string, stream: "stdout" | "stderr"): void;
  /** A tagged notice on stderr (warnings, waiting messages). */
  notice(tag: string, text: string): void;
  /**
   * A command starts on `tag` (after its echo); `host` is set for runs bound to a host, unset for plain local `run()`.
   */
  start?(tag: string, command: string, host?: string): void;
  /** A command on `tag` ended. */
  end?(tag: string, end: RunEnd): void;
  /** A group call is about to run on these hosts (some may wait for a `concurrency` slot). */
  plan?(tags: readonly string[]): void;
  /** A group call starts its part on `tag` (its command or function), once it has a `concurrency` slot. */
  begin?(tag: string): void;
  /**
   * A group call is done with `tag`: its command or function returned, or failed because of `error` (one line);
   * `stopped`: that error was the call's stop (Ctrl-C, an abort), not a fault of the host's.
   */
  settled?(tag: string, error?: string, stopped?: boolean): void;
  /** A library function (deployNixos, reboot) printed its own per-host summary of these hosts: no need for another. */
  summarized?(tags: readonly string[]): void;
  /**
   * An interactive command (`stdin: "inherit"`) takes the terminal: show what waits, then draw nothing over it until
   * the returned function gives the terminal back.
   */
  yieldTerminal?(tag: string): () => void;
};

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
