import { inspect } from "node:util";

// Maps and Sets as what they hold: JSON.stringify alone gives `{}` for both.
const collections = (_key: string, item: unknown): unknown =>
  item instanceof Map ? Object.fromEntries(item) : item instanceof Set ? [...item] : item;

/** A task's return value as JSON can hold it: as it is when it serialises, else its inspected text. */
export function jsonSafe(value: unknown): unknown {
  try {
    const text = JSON.stringify(value, collections);
    return text === undefined ? null : (JSON.parse(text) as unknown);
  } catch {
    return inspect(value);
  }
}

/** `--print`: a string as it is, anything else as JSON; nothing for undefined. Ends with a newline. */
export function printedValue(value: unknown): string {
  if (value === undefined) return "";
  const text = typeof value === "string" ? value : JSON.stringify(jsonSafe(value), null, 2);
  return text.endsWith("\n") ? text : `${text}\n`;
}
