import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { sendChildrenStdoutToStderr } from "./children-stdout.ts";
import type { Io } from "./types.ts";
import { outputError } from "./write-out.ts";

type Write = (fd: number, ...rest: unknown[]) => unknown;

/**
 * `--json`: keeps fd 1 for the results document alone and returns its writer. What the task writes to stdout goes to
 * stderr: process.stdout is process.stderr (console.log, process.stdout.write, core's printer), fs writes to fd 1 go
 * to fd 2, and so does a child's inherited stdout. Both descriptors stay the ones the shell gave, so a redirection
 * to a file shared with what runs after dk (`>`, `>>`, `2>&1`) has its offset advanced past dk's writes.
 * Must run before anything creates process.stdout.
 */
export function divertStdout(): Io["stdout"] {
  const writeSync = fs.writeSync.bind(fs) as (fd: number, bytes: Uint8Array, offset: number) => number;
  Object.defineProperty(process, "stdout", { configurable: true, enumerable: true, get: () => process.stderr });
  // Node has no dup2 to make fd 1 stderr without losing the shell's open file: raw fd 1 writes are moved here.
  const exports = fs as unknown as Record<"writeSync" | "write", Write>;
  for (const name of ["writeSync", "write"] as const) {
    const original = exports[name];
    exports[name] = function (this: unknown, fd: number, ...rest: unknown[]) {
      return original.call(this, fd === 1 ? 2 : fd, ...rest);
    };
  }
  syncBuiltinESMExports();
  sendChildrenStdoutToStderr();
  return { write: (text: string) => writeFully(writeSync, text) };
}

// Blocking and synchronous, so the document is complete even when written at the `exit` event.
function writeFully(writeSync: (fd: number, bytes: Uint8Array, offset: number) => number, text: string): void {
  const bytes = Buffer.from(text);
  for (let done = 0; done < bytes.length;) {
    try {
      done += writeSync(1, bytes, done);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // The reader went away (`| head`): nobody is left to read the rest.
      if (code === "EPIPE") return;
      if (code !== "EAGAIN") throw outputError(error);
      // A non-blocking stdout (set so by whoever shares it) that is full: wait for the reader.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}
