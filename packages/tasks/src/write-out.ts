import { Writable } from "node:stream";
import { getSystemErrorMap } from "node:util";
import { drained, stallText } from "./flushed.ts";
import { READER_GONE } from "./reader-gone.ts";
import type { Io } from "./types.ts";

/**
 * dk's own output (a listing, a help, the --json document) could not be written to stdout: a full disk, a stdout
 * opened for reading. Exit 1, said on stderr. A reader that went away (EPIPE, `dk --list | head`) exits 141 quietly,
 * as SIGPIPE would: nobody is left to read it.
 */
export class OutputError extends Error {
  override readonly name = "OutputError";
  readonly exitCode: number;
  readonly readerGone: boolean;
  constructor(
    readonly code: string | undefined,
    options?: ErrorOptions,
  ) {
    super(`cannot write to stdout: ${describe(options?.cause)}`, options);
    this.readerGone = code === "EPIPE";
    this.exitCode = this.readerGone ? READER_GONE : 1;
  }
}

/** The write error `error` of dk's stdout as an OutputError. */
export function outputError(error: unknown): OutputError {
  return new OutputError((error as NodeJS.ErrnoException).code, { cause: error });
}

// Pieces small enough that a reader's progress through a long listing shows (flushed.ts waits while it moves).
const PIECE = 64 * 1024;

/**
 * Writes `text` to dk's stdout and resolves once it is written; a stream's write error rejects as an OutputError, and
 * so does a reader that took nothing for STALL_MS (`dk --list --json` read by a parent that waits for its exit).
 */
export function writeOut(stdout: Io["stdout"], text: string): Promise<void> {
  if (!(stdout instanceof Writable)) {
    stdout.write(text);
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    // A failed write calls back first, then emits "error", which with no listener would crash dk: this one stays.
    const failed = (error: unknown) => reject(outputError(error));
    stdout.once("error", failed);
    const bytes = Buffer.from(text);
    for (let at = 0; at < bytes.length; at += PIECE) stdout.write(bytes.subarray(at, at + PIECE));
    void drained(stdout).then((written) => {
      if (stdout.errored) return;
      stdout.off("error", failed);
      if (written) resolve();
      else reject(new OutputError(undefined, { cause: new Error(stallText("stdout")) }));
    });
  });
}

/**
 * While a task runs: the errors of writes to process.stdout (its console.log, dk's tagged lines), told apart from
 * errors of the task's own, as the OutputError that says so. Node's crash on an unheard stream error stays.
 */
export function watchStdout(): { unwritable: (error: unknown) => OutputError | undefined; dispose: () => void } {
  const seen = new WeakSet<object>();
  const listener = (error: Error) => {
    seen.add(error);
    // Alone, this listener would silence the error that Node makes uncaught with none: the task's run ends there.
    if (process.stdout.listenerCount("error") === 1) throw error;
  };
  process.stdout.prependListener("error", listener);
  return {
    unwritable: (error) =>
      typeof error === "object" && error !== null && seen.has(error) ? outputError(error) : undefined,
    dispose: () => void process.stdout.off("error", listener),
  };
}

// `no space left on device (ENOSPC)` from the system's own words for the error's number.
function describe(error: unknown): string {
  const { errno, code, message } = (error ?? {}) as NodeJS.ErrnoException;
  const known = errno === undefined ? undefined : getSystemErrorMap().get(errno);
  if (known !== undefined) return `${known[1]} (${known[0]})`;
  return code ?? message ?? String(error);
}
