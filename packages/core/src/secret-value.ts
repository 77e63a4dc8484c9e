/** Said in place of a value refused that may be a secret (an env value, a command's input), which is never shown. */
export const NOT_SHOWN = "(not shown: it may be a secret)";

/** What a value is, without what it holds: its kind and size (`a Buffer of 12 bytes`, `an array of 2`). */
export function kindOf(value: object): string {
  if (Buffer.isBuffer(value)) return `a Buffer of ${value.length} bytes`;
  if (value instanceof Uint8Array) return `a Uint8Array of ${value.length} bytes`;
  if (value instanceof ArrayBuffer) return `an ArrayBuffer of ${value.byteLength} bytes`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  const name: unknown = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor
    ?.name;
  return typeof name === "string" && name !== "" && name !== "Object" ? `a ${name}` : "an object";
}
