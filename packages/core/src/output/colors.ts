import pc from "picocolors";

type Colors = ReturnType<typeof pc.createColors>;
const CYCLE = ["green", "cyan", "magenta", "yellow", "blue"] as const;

/**
 * Whether to colour a stream: FORCE_COLOR wins (`0` and `false` turn it off, as Node reads them), then NO_COLOR,
 * then whether it is a terminal.
 */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.FORCE_COLOR === "0" || env.FORCE_COLOR === "false") return false;
  if (env.FORCE_COLOR !== undefined) return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return stream.isTTY === true;
}

/** Gives each host tag a stable colour in first-seen order (green first, as deploykit does). */
export class TagColors {
  readonly #index = new Map<string, number>();

  /** `[tag]`, or `[shown]` (a cut tag), in the tag's colour with `colors` (which may be a no-colour set). */
  paint(tag: string, colors: Colors, shown = tag): string {
    let index = this.#index.get(tag);
    if (index === undefined) {
      index = this.#index.size % CYCLE.length;
      this.#index.set(tag, index);
    }
    return colors[CYCLE[index]!](`[${shown}]`);
  }
}

export function colors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}
