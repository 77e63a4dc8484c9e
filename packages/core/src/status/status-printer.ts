import { TagColors, colorEnabled, colors } from "../output/colors.ts";
import { colourEnded } from "../output/escapes.ts";
import { createPrinter, taggedPrinter, visible, type Printer } from "../output/printer.ts";
import { Board } from "./board.ts";
import { CompactOutput } from "./compact-output.ts";
import { DrawLoop } from "./draw-loop.ts";
import { drawsInPlace, type TtyStream } from "./live-block.ts";
import { renderFinal, renderLive, renderRunning, type Frame } from "./render.ts";
import type { StatusOptions, StatusPrinter } from "./status-types.ts";
import { sanitize } from "./width.ts";

export type { StatusOptions, StatusPrinter } from "./status-types.ts";

/**
 * One line per host on a terminal (spinner, its command or last output line, elapsed time), redrawn at most
 * every `intervalMs`; finished hosts collapse to ok/failed. Other writes to the streams print above the view. On a
 * stdout that cannot redraw (see `drawsInPlace`), the lines of `createPrinter` instead.
 */
export function createStatusPrinter(
  stdout: TtyStream,
  stderr: TtyStream = stdout,
  options: StatusOptions = {},
): StatusPrinter {
  // A pipe, a file or a dumb terminal cannot redraw: cursor movement there would fill a log with escapes and copies of
  // the block. Tagged lines instead, as dk prints there.
  if (!drawsInPlace(stdout)) {
    const plain = createPrinter(stdout, stderr);
    return { ...plain, redraw: () => {}, start: () => {}, end: () => {}, plan: () => {}, stop: () => {} };
  }
  const { intervalMs = 100, output = "block", failedLines = 200 } = options;
  // The compact view shows a failed command's whole output instead.
  const tail = options.tail ?? (output === "compact" ? 0 : 5);
  const board = new Board(tail);
  const tags = new TagColors();
  const paint = colors(colorEnabled(stdout));
  const paintErr = colors(colorEnabled(stderr));
  const compact = output === "compact" ? new CompactOutput(failedLines) : undefined;
  // A terminal nobody gave a size (a fresh pseudo-terminal) reports 0 by 0: unknown, as no size at all is.
  const frame = (): Frame => ({
    columns: stdout.columns || 80,
    rows: stdout.rows || 24,
    now: performance.now(),
    tick: loop.tick,
    colors: paint,
    tags,
  });
  const loop = new DrawLoop(
    stdout,
    stderr,
    intervalMs,
    {
      render: () => (output === "stream" ? renderRunning(board.hosts, frame()) : renderLive(board.hosts, frame())),
      // Spinners turn and times run while a host runs a command.
      busy: () => board.counts().running > 0,
    },
    () => stop(),
  );
  const touch = () => loop.touch();

  // stderr is a file or a pipe (dk … 2>errors.log): it gets the bytes as they came, as from the plain printer.
  const errElsewhere = stderr !== stdout && stderr.isTTY !== true;
  const cleaned = (text: string, stream: "stdout" | "stderr") =>
    stream === "stderr" && errElsewhere ? visible(text) : colourEnded(sanitize(text));

  // A line as the plain printer shows it, above the block.
  function show(tag: string, text: string, stream: "stdout" | "stderr"): Promise<void> | undefined {
    const c = stream === "stderr" ? paintErr : paint;
    const line = cleaned(text, stream);
    return touch()?.print(`${tags.paint(tag, c)} ${stream === "stderr" ? c.red(line) : line}\n`, stream);
  }

  // Whether `tag` runs a command now; asking adds no row for it.
  const running = (tag: string) => (board.find(tag)?.running ?? 0) > 0;

  function showsAll(tag: string): boolean {
    return output === "stream" || (compact?.showsAll(tag, running(tag)) ?? false);
  }

  // Once the view has stopped (at Ctrl-C, while commands still say how they stop and a task cleans up), their lines
  // print as the plain printer's, in the view's tag colours: nothing else would show them.
  let after: Printer | undefined;
  const afterStop = () => (after ??= taggedPrinter(stdout, stderr, tags));

  function stop(): void {
    loop.close(() => {
      board.stopAll();
      const final = output === "stream" ? [] : renderFinal(board.hosts, frame(), tail);
      // Failed output in the order of the rows (and of dk's summary), not in the order the commands failed.
      const order = new Map(board.hosts.map((host, i) => [host.tag, i]));
      return [...final, ...(compact?.render(tags, paint, (tag) => order.get(tag) ?? order.size) ?? [])];
    });
  }

  return {
    line(tag, text, stream = "stdout", continued = false) {
      if (loop.closed) return afterStop().line(tag, text, stream);
      board.reserve(tag);
      if (board.upcoming(tag, text)) touch();
      // The line scrolls above: the block shows the command again, not a progress line that ended.
      if (showsAll(tag)) {
        board.redraw(tag, "");
        return show(tag, text, stream);
      }
      compact?.line(tag, text, stream, running(tag), continued);
      if (board.line(tag, text, stream, continued)) touch();
      return undefined;
    },
    redraw(tag, text) {
      if (!loop.closed && board.redraw(tag, text)) touch();
    },
    notice(tag, text) {
      if (loop.closed) return afterStop().notice(tag, text);
      const line = `${tags.paint(tag, paintErr)} ${paintErr.yellow(cleaned(text, "stderr"))}\n`;
      if (showsAll(tag)) return void touch()?.print(line, "stderr");
      touch();
      // A notice about a host that runs nothing right now (a failed check: false command) is printed above.
      if (!board.notice(tag, text)) loop.screen?.print(line, "stderr");
    },
    start(tag, command, host) {
      board.start(tag, command);
      // An echo (`$ command`) comes before its command starts; a local one is shown once it does.
      for (const echo of compact?.start(tag, host) ?? []) show(tag, echo, "stdout");
      touch();
    },
    end(tag, end) {
      board.end(tag, end);
      compact?.end(tag, end, board.host(tag).running === 0);
      touch();
    },
    plan(names) {
      names.forEach((name) => board.host(name));
      touch();
    },
    begin(tag) {
      board.begin(tag);
      touch();
    },
    settled(tag, error) {
      board.settle(tag, error);
      touch();
    },
    yieldTerminal: () => loop.hold(),
    stop,
  };
}
