import { Writable } from "node:stream";

/**
 * Resolves once what was written to the process's stdout and stderr is with the OS. dk ends with process.exit, which
 * drops what a pipe's reader has not taken yet: a task's large output or a long report reached `dk … | less` cut off
 * at 64 KiB. A reader that went away ends the wait too (its error is the writes' own, heard here and dropped).
 */
export function flushed(): Promise<void> {
  return Promise.all([process.stdout, process.stderr].map(drained)).then(() => undefined);
}

function drained(stream: NodeJS.WritableStream): Promise<void> {
  if (!(stream instanceof Writable) || stream.destroyed || stream.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off("error", done);
      resolve();
    };
    stream.on("error", done);
    // Called back once every write before it is done: writes go out in order.
    stream.write("", done);
  });
}
