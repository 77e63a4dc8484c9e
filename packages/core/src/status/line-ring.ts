import { clipLine } from "../output/one-line.ts";

/** Longer lines are cut: the bound on memory is lines × this many characters. */
export const MAX_LINE = 1000;

/** The last `size` lines pushed, in order, and whether older ones were dropped; memory stays bounded. */
export class LineRing {
  readonly #lines: (string | undefined)[];
  #next = 0;
  #count = 0;
  #dropped = false;

  constructor(readonly size: number) {
    this.#lines = Array.from<string | undefined>({ length: size });
  }

  /** Keeps `line` after `head` (a mark of the caller's), the two within MAX_LINE characters (see `clipLine`). */
  push(line: string, head = ""): void {
    if (this.size === 0) return void (this.#dropped = true);
    if (this.#count === this.size) this.#dropped = true;
    if (head.length + line.length > MAX_LINE) this.#dropped = true;
    this.#lines[this.#next] = `${head}${clipLine(line, MAX_LINE - head.length)}`;
    this.#next = (this.#next + 1) % this.size;
    this.#count = Math.min(this.size, this.#count + 1);
  }

  /** True once a line was dropped or cut short. */
  get truncated(): boolean {
    return this.#dropped;
  }

  get lines(): string[] {
    const start = this.#count === this.size ? this.#next : 0;
    return Array.from({ length: this.#count }, (_, i) => this.#lines[(start + i) % this.size]!);
  }
}
