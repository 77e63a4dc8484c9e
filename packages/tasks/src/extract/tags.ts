import type { TS } from "./typescript.ts";

// The words of every `@name` tag of a symbol: `@pre clean build` and `@pre a, b` give each name once, in order.
export function tagWords(checker: TS.TypeChecker, symbol: TS.Symbol, name: string): string[] | undefined {
  const tags = symbol.getJsDocTags(checker).filter((tag) => tag.name === name);
  if (tags.length === 0) return undefined;
  const words = tags.flatMap((tag) =>
    (tag.text ?? [])
      .map((part) => part.text)
      .join("")
      .split(/[\s,]+/),
  );
  return [...new Set(words.filter((word) => word !== ""))];
}
