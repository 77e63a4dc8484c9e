import { secs } from "./clock.ts";
import type { HostReporter, Progress } from "./progress.ts";
import { summary, type SummaryRow } from "./summary.ts";
import type { ProgressStream, RebootPhase } from "./types.ts";

type Line = {
  phase: RebootPhase | "waiting";
  /** performance.now() minus the host's elapsed time, as of its latest phase: the clock it ticks from. */
  origin: number | undefined;
  /** Fixed elapsed time once the host is done. */
  final: number | undefined;
  detail: string;
};

// Often enough for a ticking clock, rarely enough to cost nothing.
const REDRAW_MS = 200;

/** A block of one line per host, redrawn in place: phase and elapsed time, ticking while the host is busy. */
export class TtyProgress implements Progress {
  readonly #out: ProgressStream;
  readonly #names: readonly string[];
  readonly #lines = new Map<string, Line>();
  readonly #color: boolean;
  #drawn = 0;
  #timer: NodeJS.Timeout | undefined;
  #finished = false;

  constructor(out: ProgressStream, names: readonly string[], color: boolean) {
    this.#out = out;
    this.#names = names;
    this.#color = color;
    for (const name of names) this.#lines.set(name, { phase: "waiting", origin: undefined, final: undefined, detail: "" });
  }

  host(name: string): HostReporter {
    const line = this.#lines.get(name)!;
    return {
      phase: (phase, elapsedMs, detail) => {
        line.origin = performance.now() - elapsedMs;
        line.phase = phase;
        line.detail = detail ?? "";
        if (phase === "ssh ok" || phase === "failed") line.final = elapsedMs;
        this.#draw();
      },
      note: (text) => {
        line.detail = text;
        this.#draw();
      },
    };
  }

  finish(rows: readonly SummaryRow[]): void {
    this.#finished = true;
    clearInterval(this.#timer);
    this.#draw();
    this.#out.write(summary(rows, this.#color));
  }

  #draw(): void {
    // The ticker starts with the first drawing and is stopped by finish(); unref'd so it never holds the process.
    if (!this.#finished) this.#timer ??= setInterval(() => this.#draw(), REDRAW_MS).unref();
    const width = Math.max(...this.#names.map((name) => name.length));
    // A line wider than the terminal would wrap and break the cursor arithmetic.
    const max = Math.max(20, (this.#out.columns ?? 80) - 1);
    const text = this.#names.map((name) => this.#render(name, width, max));
    const up = this.#drawn > 0 ? `\x1b[${this.#drawn}A` : "";
    this.#out.write(`${up}${text.map((t) => `\r\x1b[2K${t}\n`).join("")}`);
    this.#drawn = text.length;
  }

  // Colour is applied after truncation, so an escape sequence is never cut in half.
  #render(name: string, width: number, max: number): string {
    const line = this.#lines.get(name)!;
    const elapsed = line.final ?? (line.origin === undefined ? undefined : performance.now() - line.origin);
    const time = elapsed === undefined ? "" : secs(elapsed);
    const prefix = `  ${name.padEnd(width)}  `;
    const plain = `${prefix}${line.phase.padEnd(9)}  ${time.padStart(7)}  ${line.detail}`.trimEnd().slice(0, max);
    const code = line.phase === "ssh ok" ? 32 : line.phase === "failed" ? 31 : undefined;
    if (!this.#color || code === undefined || plain.length < prefix.length + line.phase.length) return plain;
    const end = prefix.length + line.phase.length;
    return `${prefix}\x1b[${code}m${line.phase}\x1b[39m${plain.slice(end)}`;
  }
}
