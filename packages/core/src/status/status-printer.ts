import { TagColors, colorEnabled, colors } from "../output/colors.ts";
import type { Printer, RunEnd } from "../output/printer.ts";
import { atExit } from "../run/process-groups.ts";
import { Board } from "./board.ts";
import { LineBuffer, LiveBlock, intercept, type TtyStream } from "./live-block.ts";
import { renderFinal, renderLive, type Frame } from "./render.ts";

/** Options of `createStatusPrinter`. */
export type StatusOptions = {
  /** Stderr lines and notices kept per host and shown under a failed host at the end. @default 5 */
  readonly tail?: number;
  /** Milliseconds between redraws. @default 100 */
  readonly intervalMs?: number;
};

/** A live view of the hosts on a terminal; a `Printer` to install with `setPrinter`. */
export type StatusPrinter = Printer & {
  start(tag: string, command: string): void;
  end(tag: string, end: RunEnd): void;
  /** Announces hosts before they start, so they count as waiting. */
  plan(tags: readonly string[]): void;
  /** Stops redrawing, leaves the final state on screen and gives the streams back; also runs at exit. */
  stop(): void;
};

/**
 * One line per host on a terminal (spinner, its command or last output line, elapsed time), redrawn at most
 * every `intervalMs`; finished hosts collapse to ok/failed. Other writes to the streams print above the view.
 */
export function createStatusPrinter(
  stdout: TtyStream,
  stderr: TtyStream = stdout,
  options: StatusOptions = {},
): StatusPrinter {
  const { tail = 5, intervalMs = 100 } = options;
  const board = new Board(tail);
  const tags = new TagColors();
  const paint = colors(colorEnabled(stdout));
  let tick = 0;
  let dirty = false;
  let session: ReturnType<typeof open> | undefined;
  let stopped = false;

  const frame = (): Frame => ({
    columns: stdout.columns ?? 80,
    rows: stdout.rows ?? 24,
    now: performance.now(),
    tick,
    colors: paint,
    tags,
  });
  const draw = () => {
    if (session === undefined || (!dirty && board.counts().running === 0)) return;
    dirty = false;
    tick++;
    session.block.draw(renderLive(board.hosts, frame()));
  };

  // Taking over the terminal waits for the first host, so a task that runs nothing leaves the screen alone.
  function open() {
    const out = intercept(stdout, (text) => outLines.push(text));
    const err =
      stderr !== stdout && stderr.isTTY === true ? intercept(stderr, (text) => errLines.push(text)) : undefined;
    const block = new LiveBlock(out.own);
    // Text from elsewhere replaces the block (when it shares the terminal), which is redrawn below it right after.
    const above = (write: (text: string) => void, tty: boolean) => (text: string) => {
      if (tty) block.clear();
      write(text);
      dirty = true;
      redrawSoon();
    };
    const outLines = new LineBuffer(above(out.own, true));
    const errLines = new LineBuffer(
      above(err?.own ?? ((text) => void stderr.write(text)), err !== undefined || stderr === stdout),
    );
    out.own("\x1b[?25l");
    const timer = setInterval(draw, intervalMs).unref();
    const onResize = () => void (dirty = true);
    stdout.on("resize", onResize);
    const release = atExit(stop);
    return { block, outLines, errLines, timer, onResize, release, out, err };
  }

  let soon: NodeJS.Immediate | undefined;
  function redrawSoon() {
    soon ??= setImmediate(() => ((soon = undefined), draw()));
  }

  function touch(): void {
    if (stopped) return;
    session ??= open();
    dirty = true;
  }

  function stop(): void {
    if (stopped || session === undefined) return void (stopped = true);
    stopped = true;
    const s = session;
    clearInterval(s.timer);
    clearImmediate(soon);
    stdout.removeListener("resize", s.onResize);
    s.outLines.end();
    s.errLines.end();
    board.stopAll();
    s.block.draw(renderFinal(board.hosts, frame(), tail));
    s.out.own("\x1b[?25h");
    s.out.restore();
    s.err?.restore();
    s.release();
  }

  return {
    line(tag, text, stream = "stdout") {
      if (board.line(tag, text, stream)) touch();
      return undefined;
    },
    notice(tag, text) {
      touch();
      // A notice about a host that runs nothing right now (a failed check: false command) is printed above.
      if (!board.notice(tag, text) && session !== undefined)
        session.errLines.push(`${tags.paint(tag, paint)} ${paint.yellow(text)}\n`);
    },
    start(tag, command) {
      board.start(tag, command);
      touch();
    },
    end(tag, end) {
      board.end(tag, end);
      touch();
    },
    plan(names) {
      names.forEach((name) => board.host(name));
      touch();
    },
    stop,
  };
}
