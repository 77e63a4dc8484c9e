import { Writable } from "node:stream";

/**
 * How long dk waits for a reader that takes nothing at all: a pipeline reader that works (gzip, ssh, a disk) never
 * stops that long, while one that never reads (a parent that waits for dk's exit before reading) costs a minute,
 * not a hang. Any progress restarts it, so a slow reader still gets everything.
 */
export const STALL_MS = 60_000;

// Marks a stream whose reader stalled once: dk has said so, and waits no more for it. On the stream, not in a set:
// boot.ts and dk's bundle each hold a copy of this module.
const STALLED = Symbol.for("@deploykit/tasks.stalled");
const stalled = {
  has: (stream: object) => STALLED in stream,
  add: (stream: object) => void Object.defineProperty(stream, STALLED, { value: true }),
};

/**
 * Resolves true once what was written to `stream` is with the OS (or its reader went away: its error is the writes'
 * own, heard here and dropped), false once its reader took nothing for `stallMs`.
 */
export function drained(stream: unknown, stallMs = STALL_MS): Promise<boolean> {
  if (!(stream instanceof Writable) || stream.destroyed || stream.writableLength === 0) return Promise.resolve(true);
  if (stalled.has(stream)) return Promise.resolve(false);
  return new Promise((resolve) => {
    let left = stream.writableLength;
    // Kept after an error (the failed write's callback comes before its "error" event) or a stall (its reader may
    // still go away while dk ends): no error of the stream may crash dk then.
    const done = (written: boolean, error?: unknown) => {
      clearInterval(timer);
      if (written && !error) stream.off("error", gone);
      if (!written) stalled.add(stream);
      resolve(written);
    };
    const gone = (error: unknown) => done(true, error);
    // Progress shows as whole writes done: dk's own output goes out in chunks for that (write-out.ts).
    const timer = setInterval(() => {
      if (stream.writableLength < left) left = stream.writableLength;
      else done(false);
    }, stallMs);
    stream.on("error", gone);
    // Called back once every write before it is done: writes go out in order.
    stream.write("", (error) => done(true, error ?? undefined));
  });
}

/**
 * dk's one way out: waits until what went to its stdout and stderr is with the OS, then returns the exit code. dk
 * ends with process.exit (a task may leave timers and sockets behind), which drops what a pipe's reader has not taken
 * yet: a report, a usage error or a listing reached `dk … | less` cut off at 64 KiB. A reader that took nothing for
 * STALL_MS is given up on, said on stderr, and a run that was fine exits 1: its output is not whole.
 */
export async function flushed(code: number): Promise<number> {
  const streams = [...new Set([process.stdout, process.stderr])];
  const fresh = streams.filter((stream) => !stalled.has(stream));
  const written = await Promise.all(streams.map((stream) => drained(stream)));
  const lost = streams.filter((stream, index) => !written[index] && fresh.includes(stream));
  for (const stream of lost) {
    const name = stream === process.stderr ? "stderr" : "stdout";
    process.stderr.write(`dk: ${stallText(name)}; ${stream.writableLength} bytes of output are lost\n`);
  }
  return code === 0 && written.includes(false) ? 1 : code;
}

/** What dk says of a stream whose reader stalled. */
export function stallText(name: string): string {
  return `the reader of ${name} took nothing for ${STALL_MS / 1000} s`;
}
