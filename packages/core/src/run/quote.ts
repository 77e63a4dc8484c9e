// Characters that never need quoting in a POSIX shell word.
const SAFE = /^[\w@%+=:,./-]+$/;

/** Quotes `value` as one POSIX shell word, so that a shell turns it back into exactly `value`. */
export function quote(value: string): string {
  if (value.includes("\0")) {
    throw new TypeError(
      `Expected a value without NUL bytes, got ${JSON.stringify(value)}: no shell or argv can carry them`,
    );
  }
  if (SAFE.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Renders an argv for display and for shells: each element quoted once. */
export function quoteArgv(argv: readonly string[]): string {
  return argv.map(quote).join(" ");
}
