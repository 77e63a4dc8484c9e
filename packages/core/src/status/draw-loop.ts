import { atExit } from "../run/process-groups.ts";
import type { TtyStream } from "./live-block.ts";
import { followLineStart } from "./line-start.ts";
import { Screen } from "./screen.ts";

/** What the loop asks of the view: its block for a frame, and whether it moves without events (a spinner). */
export type Frames = {
  render(): readonly string[];
  busy(): boolean;
};

/**
 * When the live view draws: it takes the terminal at the first change, then draws a frame every `intervalMs` while
 * something changed or moves, sooner when text waits to go above; nothing while an interactive command holds the
 * terminal. Once closed, it draws no more.
 */
export class DrawLoop {
  #session: { screen: Screen; timer: NodeJS.Timeout; onResize: () => void; release: () => void } | undefined;
  #soon: NodeJS.Immediate | undefined;
  #tick = 0;
  #dirty = false;
  #closed = false;
  // Interactive commands holding the terminal: nothing is drawn while one runs.
  #held = 0;
  // Until the terminal is taken: whether what others wrote ended its line.
  readonly #lineStart: ReturnType<typeof followLineStart>;

  constructor(
    readonly stdout: TtyStream,
    readonly stderr: TtyStream,
    readonly intervalMs: number,
    readonly frames: Frames,
    /** Runs at the process's exit (Ctrl-C too), for a view not closed by then. */
    readonly onExit: () => void,
  ) {
    this.#lineStart = followLineStart(stderr === stdout || stderr.isTTY !== true ? [stdout] : [stdout, stderr]);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Frames drawn so far (the spinner's frame). */
  get tick(): number {
    return this.#tick;
  }

  /** Something changed: the screen, to print above the block (the terminal taken first); undefined once closed. */
  touch(): Screen | undefined {
    if (this.#closed) return undefined;
    // Taking over the terminal waits for the first change, so a task that runs nothing leaves the screen alone.
    this.#session ??= this.#open();
    this.#dirty = true;
    return this.#session.screen;
  }

  /** The screen while the loop runs, without counting as a change. */
  get screen(): Screen | undefined {
    return this.#closed ? undefined : this.#session?.screen;
  }

  /**
   * An interactive command takes the terminal: the lines waiting are written and the block erased (its screen starts
   * below what was shown), and nothing is drawn until the returned function gives it back.
   */
  hold(): () => void {
    if (this.#session !== undefined && !this.#closed && this.#held === 0) this.#session.screen.draw([]);
    this.#held++;
    // Once closed, the terminal is no longer ours: its cursor is left alone.
    if (!this.#closed) this.#session?.screen.hold();
    let given = false;
    return () => {
      if (given) return;
      [given, this.#dirty] = [true, true];
      if (--this.#held === 0 && !this.#closed) this.#session?.screen.release();
    };
  }

  /** Stops drawing; `last()` gives the lines left on screen (called only when the terminal was taken). */
  close(last: () => readonly string[]): void {
    const session = this.#session;
    if (this.#closed) return;
    this.#closed = true;
    this.#lineStart.stop();
    if (session === undefined) return;
    clearInterval(session.timer);
    clearImmediate(this.#soon);
    this.stdout.removeListener("resize", session.onResize);
    session.screen.close(last());
    session.release();
  }

  #draw(): void {
    const session = this.#session;
    if (session === undefined || this.#closed || this.#held > 0) return;
    if (!this.#dirty && !session.screen.pending && !this.frames.busy()) return;
    this.#dirty = false;
    this.#tick++;
    session.screen.draw(this.frames.render());
  }

  #open() {
    this.#lineStart.stop();
    // A line left open ("Deploying... ") keeps its text: the first frame starts on the next line.
    if (!this.#lineStart.atStart()) this.stdout.write("\n");
    const screen = new Screen(this.stdout, this.stderr, (urgent) => (urgent ? this.#draw() : this.#drawSoon()));
    if (this.#held > 0) screen.hold();
    const timer = setInterval(() => this.#draw(), this.intervalMs).unref();
    const onResize = () => void (this.#dirty = true);
    this.stdout.on("resize", onResize);
    const release = atExit(this.onExit);
    return { screen, timer, onResize, release };
  }

  #drawSoon(): void {
    this.#soon ??= setImmediate(() => ((this.#soon = undefined), this.#draw()));
  }
}
