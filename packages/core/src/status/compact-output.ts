import type { colors as makeColors, TagColors } from "../output/colors.ts";
import type { RunEnd } from "../output/printer.ts";
import { FailedOutput } from "./failed-output.ts";
import { LogDir } from "./log-file.ts";
import { renderFailed } from "./render-failed.ts";

type Colors = ReturnType<typeof makeColors>;

/**
 * What the compact view prints besides its block: a plain local command's output in full (with its echo, held until
 * the command's start says it is one), and at the end the output of each other command that failed.
 */
export class CompactOutput {
  // Tags running a plain local command, and echoes waiting to learn whether theirs is one.
  readonly #local = new Set<string>();
  readonly #echoes = new Map<string, string[]>();
  readonly #failed: FailedOutput;

  constructor(failedLines: number) {
    this.#failed = new FailedOutput(failedLines, new LogDir());
  }

  /** Whether a line of `tag` prints in full now (`running`: the host runs a command). */
  showsAll(tag: string, running: boolean): boolean {
    return running && this.#local.has(tag);
  }

  /**
   * A line the block hides: before its command starts, an echo (`$ command`); kept in case its command fails.
   * `continued`: a long line's next piece.
   */
  line(tag: string, text: string, stream: "stdout" | "stderr", running: boolean, continued: boolean): void {
    if (!running) this.#echoes.set(tag, [...(this.#echoes.get(tag) ?? []), text].slice(-20));
    this.#failed.line(tag, text, stream, continued);
  }

  /** A command starts on `tag` (`host` unset: a plain local one); returns the held echoes to print now. */
  start(tag: string, host: string | undefined): readonly string[] {
    const echoes = this.#echoes.get(tag) ?? [];
    this.#echoes.delete(tag);
    if (host === undefined) {
      this.#local.add(tag);
      return echoes;
    }
    this.#local.delete(tag);
    this.#failed.start(tag);
    return [];
  }

  /** A command on `tag` ended; `idle` when the host runs nothing now. */
  end(tag: string, end: RunEnd, idle: boolean): void {
    this.#failed.end(tag, end, idle);
  }

  /** The last words: each failed command's output, tagged, hosts in the order `rank` gives them. */
  render(tags: TagColors, c: Colors, rank: (tag: string) => number): string[] {
    return renderFailed(this.#failed.failed(), tags, c, rank);
  }
}
