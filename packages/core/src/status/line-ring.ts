import { clipLine } from "../output/one-line.ts";

/** Longer lines are cut: the bound on memory is lines × this many characters. */
export const MAX_LINE = 1000;

/**
 * The last `size` lines pushed, in order, and whether older ones were dropped; memory stays bounded, and grows with
 * the lines pushed (a recorder holds three per host, of thousands).
 */
export class LineRing {
  readonly #lines: string[] = [];
  // Where the next line goes once the ring is full: its oldest line.
  #next = 0;
  #dropped = false;

  constructor(readonly size: number) {}

  /** Keeps `line` after `head` (a mark of the caller's), the two within MAX_LINE characters (see `clipLine`). */
  push(line: string, head = ""): void {
    if (this.size === 0) return void (this.#dropped = true);
    if (head.length + line.length > MAX_LINE) this.#dropped = true;
    const kept = `${head}${clipLine(line, MAX_LINE - head.length)}`;
    if (this.#lines.length < this.size) return void this.#lines.push(kept);
    this.#dropped = true;
    this.#lines[this.#next] = kept;
    this.#next = (this.#next + 1) % this.size;
  }

  /** True once a line was dropped or cut short. */
  get truncated(): boolean {
    return this.#dropped;
  }

  get lines(): string[] {
    return [...this.#lines.slice(this.#next), ...this.#lines.slice(0, this.#next)];
  }
}
