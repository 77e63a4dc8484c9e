import { ts, type TS } from "./typescript.ts";

// A symbol's JSDoc text, trimmed.
export function docOf(checker: TS.TypeChecker, symbol: TS.Symbol): string {
  return ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
}

// `@param` texts keyed by the last part of the name: `@param opts.hosts x` and `@param hosts x` both give `hosts`.
export function paramDocs(checker: TS.TypeChecker, symbol: TS.Symbol): Map<string, string> {
  const docs = new Map<string, string>();
  for (const tag of symbol.getJsDocTags(checker)) {
    if (tag.name !== "param" || !tag.text) continue;
    const name = tag.text.find((part) => part.kind === "parameterName")?.text;
    const text = tag.text
      .filter((part) => part.kind !== "parameterName")
      .map((part) => part.text)
      .join("")
      .replace(/^\s*-\s*/, "")
      .trim();
    if (name && text) docs.set(name.split(".").at(-1) ?? name, text);
  }
  return docs;
}
