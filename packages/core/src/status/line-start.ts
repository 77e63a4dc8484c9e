import type { TtyStream } from "./live-block.ts";

/**
 * Follows what is written to `streams` (a terminal's) until the live view takes them: whether the last write ended its
 * line, so that the view's first frame, which clears the cursor's line, never clears text left there.
 */
export function followLineStart(streams: readonly TtyStream[]): { atStart(): boolean; stop(): void } {
  let atStart = true;
  const stops = streams.map((stream) => {
    const original = stream.write;
    const follower = function (this: TtyStream, chunk: unknown, ...rest: unknown[]): boolean {
      // Only the last character counts: a large write is not copied to find it.
      const last = typeof chunk === "string" ? chunk.at(-1) : (chunk as Uint8Array).at(-1);
      if (last !== undefined) atStart = last === "\n" || last === 10;
      return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    };
    stream.write = follower as TtyStream["write"];
    // Only our follower is undone: someone who wrapped write after us keeps theirs.
    return () => void (stream.write === follower && (stream.write = original));
  });
  return { atStart: () => atStart, stop: () => stops.forEach((stop) => stop()) };
}
