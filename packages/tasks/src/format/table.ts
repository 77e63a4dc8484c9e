// Two aligned columns, indented by two spaces; long left cells push their text to the next line.
export function table(rows: readonly (readonly [string, string])[], maxLeft = 28): string {
  const width = Math.min(maxLeft, Math.max(0, ...rows.map(([left]) => left.length)));
  return rows
    .map(([left, right]) => {
      if (right === "") return `  ${left}`;
      if (left.length > width) return `  ${left}\n  ${" ".repeat(width)}  ${right}`;
      return `  ${left.padEnd(width)}  ${right}`;
    })
    .join("\n");
}
