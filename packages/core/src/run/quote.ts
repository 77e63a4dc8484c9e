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

/**
 * Quotes `value` as one word that POSIX shells, fish and csh/tcsh all read back as `value`: '…' around all but `'`, `\`
 * and `!`, which stand outside it as `\'`, `\\` and `\!` (inside '…', fish reads `\\` and `\'` as escapes, csh reads
 * `!` as history). Nothing spells a newline alike in all three (csh refuses one inside quotes), so none is taken.
 */
export function quoteAnyShell(value: string): string {
  if (value.includes("\n")) {
    throw new TypeError(`Expected a value on one line, got ${JSON.stringify(value)}: csh reads no quoted newline`);
  }
  const word = quote(value);
  // tcsh reads a word that starts with `=` as a directory-stack entry.
  if ((!word.startsWith("'") && !value.startsWith("=")) || value === "") return word;
  return value
    .split(/(['\\!])/)
    .map((part, i) => (i % 2 === 1 ? `\\${part}` : part === "" ? "" : `'${part}'`))
    .join("");
}

/**
 * Quotes `value` as one bash word on one line ($'…' when it has a newline): bash numbers an eval'd command's lines
 * from the line the eval ends on, so the command's first line stays line 1 in bash's messages.
 */
export function oneLine(value: string): string {
  if (!value.includes("\n")) return quote(value);
  return `$'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'").replaceAll("\n", "\\n")}'`;
}

/** Renders an argv for display and for shells: each element quoted once. */
export function quoteArgv(argv: readonly string[]): string {
  return argv.map(quote).join(" ");
}

// Characters a shell still reads inside "…".
const DOUBLE_UNSAFE = /["$`\\!]/;

/**
 * Renders an argv for rsync's `-e` (and `-e`-like tool options), which splits on spaces and reads '…' and "…" itself,
 * without a shell: a word without a single quote is quoted as `quote` does (the same for a shell); one with a single
 * quote goes in "…" when a shell would read that the same way, else as rsync's '…''…' (rsync only).
 */
export function quoteRsh(argv: readonly string[]): string {
  return argv
    .map((word) => {
      // `quote` also refuses NUL bytes, which no argv can carry.
      if (!word.includes("'") || word.includes("\0")) return quote(word);
      return DOUBLE_UNSAFE.test(word) ? `'${word.replaceAll("'", "''")}'` : `"${word}"`;
    })
    .join(" ");
}
