import { drained } from "../output/printer.ts";
import { LineBuffer, LiveBlock, intercept, type TtyStream } from "./live-block.ts";

// Past this much text waiting to go above the block, it is written now rather than with the next frame.
const URGENT = 64 * 1024;
// Past this much text waiting while an interactive command holds the terminal (for minutes, maybe), the commands
// printing it wait too.
const HELD = 1024 * 1024;
const HIDE_CURSOR = "\x1b[?25l";
const SHOW_CURSOR = "\x1b[?25h";

/**
 * The terminal while the live view runs: text scrolls above the block, and each frame writes the waiting text and
 * the block in one write, so lines never mix and the block never flickers. What other code writes to the streams
 * (whole lines) goes above the block too.
 */
export class Screen {
  readonly #block: LiveBlock;
  readonly #out: ReturnType<typeof intercept>;
  readonly #err: ReturnType<typeof intercept> | undefined;
  readonly #outLines: LineBuffer;
  readonly #errLines: LineBuffer;
  // stderr is the same terminal (the block clears before its text), or elsewhere (a file, a pipe).
  readonly #errHere: boolean;
  #above = "";
  #lastWrite = true;
  // Set while an interactive command holds the terminal: settles when it gives it back.
  #held: { readonly given: Promise<void>; readonly give: () => void } | undefined;

  /** `wake` asks for a frame soon, or at once when `urgent`. */
  constructor(
    readonly stdout: TtyStream,
    readonly stderr: TtyStream,
    readonly wake: (urgent: boolean) => void,
  ) {
    this.#out = intercept(stdout, (text) => this.#outLines.push(text));
    this.#err =
      stderr !== stdout && stderr.isTTY === true ? intercept(stderr, (text) => this.#errLines.push(text)) : undefined;
    this.#errHere = this.#err !== undefined || stderr === stdout;
    this.#block = new LiveBlock((text) => void (this.#lastWrite = this.#out.own(text) !== false));
    this.#outLines = new LineBuffer((text) => void this.print(text, "stdout"));
    this.#errLines = new LineBuffer((text) => void this.print(text, "stderr"));
    this.#out.own(HIDE_CURSOR);
  }

  /** Prints whole lines above the block; a promise when the terminal is slow to take them. */
  print(text: string, stream: "stdout" | "stderr"): Promise<void> | undefined {
    if (stream === "stderr" && !this.#errHere) return this.stderr.write(text) ? undefined : drained(this.stderr);
    this.#above += text;
    this.wake(this.#above.length >= URGENT);
    // Nothing is written while the terminal is held: past HELD the printing command waits, not our memory.
    if (this.#held !== undefined && this.#above.length >= HELD) return this.#held.given;
    return this.#lastWrite ? undefined : drained(this.stdout);
  }

  /**
   * An interactive command holds the terminal (nothing is drawn): the cursor is shown for its prompt or editor, and
   * text past HELD makes its printer wait.
   */
  hold(): void {
    if (this.#held !== undefined) return;
    let give = () => {};
    const given = new Promise<void>((resolve) => (give = resolve));
    this.#held = { given, give };
    this.#out.own(SHOW_CURSOR);
  }

  /** The terminal is given back: the cursor hidden again while the view draws, waiting printers go on. */
  release(): void {
    if (this.#held === undefined) return;
    this.#out.own(HIDE_CURSOR);
    this.#give();
  }

  #give(): void {
    this.#held?.give();
    this.#held = undefined;
  }

  /** Whether text waits for the next frame. */
  get pending(): boolean {
    return this.#above !== "";
  }

  /** The waiting text, then the block as `lines`, in one write; the `last` block wraps its long lines. */
  draw(lines: readonly string[], last = false): void {
    const above = this.#above;
    this.#above = "";
    this.#block.draw(lines, above, last);
  }

  /** Last frame: partial lines ended, `lines` left on screen, the cursor shown and the streams given back. */
  close(lines: readonly string[]): void {
    this.#give();
    this.#outLines.end();
    this.#errLines.end();
    this.draw(lines, true);
    this.#out.own(SHOW_CURSOR);
    this.#out.restore();
    this.#err?.restore();
  }
}
