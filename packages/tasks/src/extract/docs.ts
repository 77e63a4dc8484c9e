import { ts, type TS } from "./typescript.ts";

/** A part of a JSDoc comment: its description (no tag), or a tag that starts a line, with its text. */
type Section = { readonly tag?: TS.JSDocTag; text: string };

// A symbol's JSDoc text, trimmed.
export function docOf(checker: TS.TypeChecker, symbol: TS.Symbol): string {
  const parts = sections(symbol);
  if (parts === undefined) return ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  return parts[0]!.text.trim();
}

// `@param` texts keyed by the last part of the name: `@param opts.hosts x` and `@param hosts x` both give `hosts`.
export function paramDocs(symbol: TS.Symbol): Map<string, string> {
  const docs = new Map<string, string>();
  for (const { tag, text } of sections(symbol) ?? []) {
    if (tag === undefined || !ts.isJSDocParameterTag(tag)) continue;
    const name = ts.isIdentifier(tag.name) ? tag.name.text : tag.name.right.text;
    const trimmed = text.replace(/^\s*-\s*/, "").trim();
    if (trimmed !== "") docs.set(name, trimmed);
  }
  return docs;
}

// The words of every `@name` tag of a symbol: `@pre clean build` and `@pre a, b` give each name once, in order.
export function tagWords(symbol: TS.Symbol, name: string): string[] | undefined {
  const tags = (sections(symbol) ?? []).filter((part) => part.tag?.tagName.text === name);
  if (tags.length === 0) return undefined;
  const words = tags.flatMap((part) => part.text.split(/[\s,]+/));
  return [...new Set(words.filter((word) => word !== ""))];
}

// The text of a symbol's first `@name` tag, on one line: `@default 4` gives "4"; undefined without one or its text.
export function tagText(symbol: TS.Symbol, name: string): string | undefined {
  const text = (sections(symbol) ?? []).find((part) => part.tag?.tagName.text === name)?.text;
  return text?.trim().replace(/\s+/g, " ") || undefined;
}

// A `@deprecated` tag's text, "" when it has none; undefined without the tag.
export function deprecation(symbol: TS.Symbol): string | undefined {
  return tagWords(symbol, "deprecated") === undefined ? undefined : (tagText(symbol, "deprecated") ?? "");
}

// The sections of the symbol's JSDoc comment (undefined when it has none). TypeScript starts a tag at any " @word",
// even mid-line ("restart the @web hosts"): such a tag is prose, and goes back, as written, where it interrupted.
function sections(symbol: TS.Symbol): Section[] | undefined {
  for (const declaration of symbol.declarations ?? []) {
    const doc = ts.getJSDocCommentsAndTags(declaration).filter(ts.isJSDoc).at(-1);
    if (doc !== undefined) return split(doc, declaration.getSourceFile().text);
  }
  return undefined;
}

// dk's own tags: they hold names or a letter, never prose, so a tag after one on its line is a tag too.
const WORD_TAGS = new Set(["short", "count", "pre", "post", "default"]);

// The comment's description, then its tags that start a line or follow one of dk's; other mid-line ones go back
// into the text before them.
function split(doc: TS.JSDoc, source: string): Section[] {
  const parts: Section[] = [{ text: commentText(doc.comment) }];
  for (const tag of doc.tags ?? []) {
    const after = parts.at(-1)!.tag?.tagName.text;
    if (startsLine(source, tag.pos) || (after !== undefined && WORD_TAGS.has(after)))
      parts.push({ tag, text: commentText(tag.comment) });
    else {
      const last = parts.at(-1)!;
      last.text = `${last.text.trimEnd()} ${written(source.slice(tag.pos, tag.end))}`.trimStart();
    }
  }
  return parts;
}

// A comment's text as a terminal can show it: `{@link build}` as `build`, a label as itself, a URL after its label.
function commentText(comment: string | TS.NodeArray<TS.JSDocComment> | undefined): string {
  if (comment === undefined || typeof comment === "string") return comment ?? "";
  return comment.map((part) => (part.kind === ts.SyntaxKind.JSDocText ? part.text : linkText(part))).join("");
}

// TypeScript reads `{@link https://x.y docs}` as the name `https` and the text `://x.y docs`.
function linkText(link: TS.JSDocLink | TS.JSDocLinkCode | TS.JSDocLinkPlain): string {
  const name = link.name?.getText() ?? "";
  const url = /^https?$/.test(name) && link.text.startsWith("://");
  const [target, ...words] = url ? `${name}${link.text}`.split(/\s+/) : [name, link.text];
  const label = words
    .join(" ")
    .trim()
    .replace(/^\|\s*/, "");
  if (label === "") return target!;
  return url ? `${label} (${target})` : label;
}

// Whether only the comment's opening, asterisks and blanks precede the `@` at `at` on its line.
function startsLine(source: string, at: number): boolean {
  return /^\s*(\/\*\*)?[\s*]*$/.test(source.slice(source.lastIndexOf("\n", at - 1) + 1, at));
}

// Comment text as its reader sees it: without the leading asterisk of each line, or the comment's end.
function written(text: string): string {
  const lines = text.replace(/\s*\*\/\s*$/, "").split("\n");
  return lines
    .map((line, i) => (i === 0 ? line : line.replace(/^[ \t]*\*?[ \t]?/, "")))
    .join("\n")
    .trim();
}
