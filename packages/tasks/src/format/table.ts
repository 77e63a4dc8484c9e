import { NARROWEST, wrapText, wrapWords } from "./wrap.ts";

/**
 * Two aligned columns, indented by two spaces; long left cells push their text to the next line. With a width, the
 * text wraps under itself, or under the left column when too few columns are left beside it.
 */
export function table(rows: readonly (readonly [string, string])[], maxLeft = 28, width?: number): string {
  const left = Math.min(maxLeft, Math.max(0, ...rows.map(([cell]) => cell.length)));
  const beside = width === undefined || width - left - 4 >= NARROWEST;
  const column = beside ? left + 4 : 6;
  const wrap = (text: string) => (width === undefined ? text : wrapWords(text.split(/ +/), width, column));
  return rows
    .map(([cell, text]) => {
      if (text === "") return wrapText(`  ${cell}`, width);
      // A cell wider than the terminal (a flag with long choices) breaks at its spaces.
      const own = width !== undefined && cell.length + 2 > width ? wrapWords(cell.split(" "), width, 4, 2) : cell;
      if (!beside || cell.length > left) return `  ${own}\n${" ".repeat(column)}${wrap(text)}`;
      return `  ${cell.padEnd(left)}  ${wrap(text)}`;
    })
    .join("\n");
}
