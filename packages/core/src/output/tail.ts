import { clipLine } from "./one-line.ts";

/** Keeps the last `size` lines seen, for error messages about output that was printed, not captured. */
export class Tail {
  readonly #lines: string[] = [];
  constructor(readonly size = 10) {}

  push(line: string): void {
    this.#lines.push(clipLine(line, 500));
    if (this.#lines.length > this.size) this.#lines.shift();
  }

  get lines(): readonly string[] {
    return [...this.#lines];
  }
}
