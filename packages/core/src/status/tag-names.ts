import { cut, graphemeWidth, textWidth } from "./width.ts";

let segmenter: Intl.Segmenter | undefined;

// `text` cut in the middle to at most `columns` columns: its start, `…`, and as much of its end as fits.
function cutMiddle(text: string, columns: number): string {
  const head = cut(text, Math.ceil(columns / 2));
  segmenter ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  const graphemes = [...segmenter.segment(text)].map(({ segment }) => segment);
  let tail = "";
  let room = columns - textWidth(head);
  for (let i = graphemes.length - 1; i >= 0 && graphemeWidth(graphemes[i]!) <= room; i--) {
    tail = graphemes[i]! + tail;
    room -= graphemeWidth(graphemes[i]!);
  }
  return `${head}${tail}`;
}

/**
 * Each tag as the live view's rows show it, at most `columns` wide: cut at its end, or, where that would show two
 * hosts alike (`deploy-frontend-server-01`, `-02`), in its middle, keeping the end that tells them apart.
 */
export function shownTags(tags: readonly string[], columns: number): ReadonlyMap<string, string> {
  if (last?.columns === columns && last.tags.length === tags.length && last.tags.every((tag, i) => tag === tags[i]))
    return last.shown;
  const shown = new Map(tags.map((tag) => [tag, cut(tag, columns)]));
  const count = new Map<string, number>();
  for (const name of shown.values()) count.set(name, (count.get(name) ?? 0) + 1);
  for (const [tag, name] of shown) if (name !== tag && count.get(name)! > 1) shown.set(tag, cutMiddle(tag, columns));
  last = { tags: [...tags], columns, shown };
  return shown;
}

// The last answer: every frame (and each of its parts) asks again for the same tags at the same width, and cutting a
// thousand long names alike takes tens of milliseconds.
let last: { tags: readonly string[]; columns: number; shown: ReadonlyMap<string, string> } | undefined;
