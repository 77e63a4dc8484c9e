import { vi } from "vitest";

/** How many characters `fn` hands the grapheme segmenter: the work of measuring and cutting what is not plain ASCII. */
export function segmented(fn: () => void): number {
  const segment = Intl.Segmenter.prototype.segment;
  let characters = 0;
  const spy = vi.spyOn(Intl.Segmenter.prototype, "segment").mockImplementation(function (this: Intl.Segmenter, text) {
    characters += text.length;
    return segment.call(this, text);
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return characters;
}
