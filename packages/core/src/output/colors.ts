import pc from "picocolors";
import { withoutControls } from "./escapes.ts";

type Colors = ReturnType<typeof pc.createColors>;
const CYCLE = ["green", "cyan", "magenta", "yellow", "blue"] as const;

// The FORCE_COLOR values Node reads as colour on (tty.getColorDepth): every other one, `0`, `false` and `yes` alike,
// is colour off.
const FORCE_ON = new Set(["", "1", "true", "2", "3"]);

/**
 * Whether to colour a stream, as Node decides for its own output: a FORCE_COLOR that is set decides alone (on for
 * `''`, `1`, `true`, `2`, `3`, over NO_COLOR; off for any other value); then NO_COLOR (when not empty, as the
 * NO_COLOR standard says), NODE_DISABLE_COLORS and TERM=dumb turn it off; else it is on for a terminal.
 */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.FORCE_COLOR !== undefined) return FORCE_ON.has(env.FORCE_COLOR);
  if ((env.NO_COLOR ?? "") !== "" || env.NODE_DISABLE_COLORS !== undefined || env.TERM === "dumb") return false;
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
    // A tag holds no control character (Host refuses one), but may hold a bidi override that would turn the line.
    return colors[CYCLE[index]!](`[${withoutControls(shown)}]`);
  }
}

export function colors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}
