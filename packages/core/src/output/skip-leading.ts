/**
 * Drops a stream's first lines while they match `pattern` (ssh's notices before the command starts): each piece of
 * whole lines in order goes through the returned function, which gives back what remains; from the first other line,
 * or a piece that is no whole line, everything passes.
 */
export function skipLeading(pattern: RegExp): (bytes: Buffer, whole: boolean) => Buffer {
  let leading = true;
  return (bytes, whole) => {
    if (!leading) return bytes;
    let start = 0;
    for (let end = bytes.indexOf(10); whole && end !== -1; end = bytes.indexOf(10, start)) {
      if (!pattern.test(bytes.toString("utf8", start, end).replace(/\r$/, ""))) break;
      start = end + 1;
    }
    if (!whole || start < bytes.length) leading = false;
    return bytes.subarray(start);
  };
}
