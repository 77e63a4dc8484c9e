/** Which first lines of a stream go: those matching `drop`; those matching `over` stay, and the skipping goes on. */
export type LeadingLines = { readonly drop: RegExp; readonly over?: RegExp | undefined };

/**
 * Drops a stream's first lines that match `drop` (ssh's notices before the command starts), past lines that match
 * `over` (ssh's warnings that come before them, which stay): each piece of whole lines in order goes through the
 * returned function, which gives back what remains; from the first other line, or a piece that is no whole line,
 * everything passes.
 */
export function skipLeading({ drop, over }: LeadingLines): (bytes: Buffer, whole: boolean) => Buffer {
  let leading = true;
  return (bytes, whole) => {
    if (!leading) return bytes;
    const kept: Buffer[] = [];
    let start = 0;
    for (let end = bytes.indexOf(10); whole && end !== -1; end = bytes.indexOf(10, start)) {
      const line = bytes.toString("utf8", start, end).replace(/\r$/, "");
      if (over?.test(line)) kept.push(bytes.subarray(start, end + 1));
      else if (!drop.test(line)) break;
      start = end + 1;
    }
    if (!whole || start < bytes.length) leading = false;
    return kept.length === 0 ? bytes.subarray(start) : Buffer.concat([...kept, bytes.subarray(start)]);
  };
}
