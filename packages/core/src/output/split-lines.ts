/** Past this many bytes without a newline, a line is handed on in pieces: memory stays bounded for any output. */
export const LINE_LIMIT = 64 * 1024;
/** What a long line's pieces after the first are shown with: they carry on the line above. */
export const CARRIED = "… ";
// A cut keeps this many bytes back, so the exit mark (and a character) is never cut in two.
const KEEP = 32;

/** A piece of output: `whole` when it ends with a newline (then it may hold many lines), else a cut or a last line. */
export type Piece = readonly [bytes: Buffer, whole: boolean];

/** Splits chunks of bytes into runs of whole lines; a line longer than `limit` comes in pieces. */
export function splitLines(limit = LINE_LIMIT) {
  let partial: Buffer[] = [];
  let length = 0;
  let since: number | undefined;
  const take = (): Buffer => {
    const all = partial.length === 1 ? partial[0]! : Buffer.concat(partial);
    partial = [];
    length = 0;
    return all;
  };
  return {
    push(chunk: Buffer): Piece[] {
      const pieces: Piece[] = [];
      // Only the new chunk is searched: a 10 MB line arrives in many chunks.
      const first = chunk.indexOf(10);
      let start = 0;
      if (first !== -1) {
        const last = chunk.lastIndexOf(10);
        // The line that was waiting for its end, then every other whole line of the chunk as one run.
        if (length > 0) {
          partial.push(chunk.subarray(0, first + 1));
          wholeLines(take(), limit, pieces);
          start = first + 1;
        }
        if (start <= last) wholeLines(chunk.subarray(start, last + 1), limit, pieces);
        start = last + 1;
      }
      if (start < chunk.length) {
        partial.push(chunk.subarray(start));
        length += chunk.length - start;
      }
      if (length > limit) {
        const all = take();
        const cut = cutLong(all, limit, pieces);
        partial = [Buffer.from(all.subarray(cut))];
        length = all.length - cut;
      }
      // The line held now began in this chunk if a line ended in it.
      if (length === 0) since = undefined;
      else if (since === undefined || first !== -1) since = performance.now();
      return pieces;
    },
    /** When the line it holds (whose end has not come) began, if it holds one. */
    get heldSince(): number | undefined {
      return since;
    },
    /** What is left: a last line without a newline. */
    end(): Piece[] {
      return length === 0 ? [] : [[take(), false]];
    },
  };
}

// A run of whole lines as pieces, any line in it longer than `limit` cut (its partial start with the chunk that ends
// it, or a chunk larger than `limit`, can be).
function wholeLines(run: Buffer, limit: number, pieces: Piece[]): void {
  if (run.length <= limit) return void pieces.push([run, true]);
  let from = 0;
  for (let start = 0; start < run.length;) {
    const end = run.indexOf(10, start) + 1;
    if (end - start > limit) {
      if (start > from) pieces.push([run.subarray(from, start), true]);
      const line = run.subarray(start, end);
      pieces.push([line.subarray(cutLong(line, limit, pieces)), true]);
      from = end;
    }
    start = end;
  }
  if (from < run.length) pieces.push([run.subarray(from), true]);
}

// Cuts `limit`-byte pieces off the front of `bytes` while more than `limit` remain, keeping KEEP bytes back; returns
// where the rest starts.
function cutLong(bytes: Buffer, limit: number, pieces: Piece[]): number {
  let cut = 0;
  for (; bytes.length - cut > limit; cut = Math.min(cut + limit, bytes.length - KEEP)) {
    pieces.push([bytes.subarray(cut, Math.min(cut + limit, bytes.length - KEEP)), false]);
  }
  return cut;
}
