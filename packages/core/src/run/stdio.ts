import type { StdioOptions } from "node:child_process";
import { Readable, type Writable } from "node:stream";
import type { LineSink } from "../output/line-sink.ts";
import type { OutputMode } from "../types.ts";

/** What a command reads: this process's stdin, or `input` (`framed` for the remote supervisor, which unframes it). */
export type StdinSource =
  "inherit" | { readonly input: string | Uint8Array | Readable; readonly framed: boolean; readonly watch?: InputWatch };

/**
 * The three descriptors of a spawned command. Nothing to read by default, so parallel commands never read the
 * terminal; ssh always gets a pipe (its closing stops the remote side) unless it runs a terminal session. An
 * interactive command's printed output goes straight to the terminal: its prompts have no newline to wait for.
 */
export function stdioFor(
  stdin: StdinSource | undefined,
  ssh: boolean,
  modes: { readonly stdout?: OutputMode | undefined; readonly stderr?: OutputMode | undefined },
): StdioOptions {
  const inherit = stdin === "inherit";
  const first = inherit ? "inherit" : ssh || stdin !== undefined ? "pipe" : "ignore";
  const out = (mode: OutputMode | undefined) => (inherit && (mode ?? "print") === "print" ? "inherit" : "pipe");
  return [first, out(modes.stdout), out(modes.stderr)];
}

/**
 * Writes `source`'s input to the command's stdin as it reads it, at the pace the command takes it. Plain, it then
 * ends stdin. Framed, each chunk goes as `<length>\n<bytes>` and a `0\n` ends the input, while stdin stays open: the
 * remote supervisor reads exactly the input (`head -c`), and later only stdin's end, which means ssh went away.
 * Returns a stop for the end of the run: a stream not read to its end is left as it is.
 */
export function feed(stdin: Writable, source: Exclude<StdinSource, "inherit">) {
  const { input, framed } = source;
  let stopped = false;
  const send = (chunk: Uint8Array): Promise<boolean> => {
    if (!framed) return write(stdin, chunk);
    return chunk.length === 0
      ? Promise.resolve(true)
      : write(stdin, Buffer.concat([Buffer.from(`${chunk.length}\n`), chunk]));
  };
  const finish = () => void (stopped || (framed ? stdin.write("0\n") : stdin.end()));
  if (!(input instanceof Readable)) {
    void send(typeof input === "string" ? Buffer.from(input) : input).then((ok) => ok && finish());
    return () => void (stopped = true);
  }
  const onData = (chunk: Buffer | string) => {
    input.pause();
    void send(typeof chunk === "string" ? Buffer.from(chunk) : chunk).then((ok) =>
      ok && !stopped ? input.resume() : stop(),
    );
  };
  const onEnd = () => (detach(), finish());
  // A failing stream (see watchInput) sends no end of input: the run stops the command instead.
  const detach = () => (input.off("data", onData), input.off("end", onEnd));
  const stop = () => void ((stopped = true), detach(), input.pause());
  input.on("data", onData).once("end", onEnd);
  input.resume();
  return stop;
}

/** The first failure of an input stream, seen from the call on (see watchInput). */
export type InputWatch = {
  readonly error: string | undefined;
  /** Settles once a file stream has opened its file or failed to (at once for other streams). */
  readonly opened: Promise<void>;
  /** Calls `listener` on a failure from now on. */
  listen(listener: (why: string) => void): void;
  /** Stops watching: the run is over, and the stream is its owner's again. */
  stop(): void;
};

/**
 * Watches `input` for failing from the moment a run is called: one that fails before the command reads it (a file
 * that cannot be opened, while the connection is made) would otherwise end this process with an unhandled 'error'.
 */
export function watchInput(input: Readable): InputWatch {
  let error: string | undefined;
  let listener: ((why: string) => void) | undefined;
  const onFail = (cause: unknown) => {
    error ??= cause instanceof Error ? cause.message : String(cause);
    listener?.(error);
  };
  input.once("error", onFail);
  // A file stream (fs.createReadStream) opens its file first: a command is not started on a file that cannot be read.
  const pending = (input as Readable & { pending?: boolean }).pending === true;
  const opened = pending
    ? new Promise<void>((resolve) => input.once("ready", resolve).once("error", () => resolve()))
    : Promise.resolve();
  return {
    opened,
    get error() {
      return error;
    },
    listen: (next) => void (listener = next),
    stop: () => void ((listener = undefined), input.off("error", onFail)),
  };
}

// Resolves once `bytes` are taken (true), or the command's stdin is gone (false: the command stopped reading).
function write(stream: Writable, bytes: Uint8Array): Promise<boolean> {
  if (stream.destroyed || stream.writableEnded) return Promise.resolve(false);
  if (stream.write(bytes)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => (stream.off("drain", onDrain), stream.off("close", onClose), resolve(ok));
    const onDrain = done(true);
    const onClose = done(false);
    stream.once("drain", onDrain).once("close", onClose);
  });
}

/** The sink of an inherited stream (an interactive command's output, on the terminal): nothing passes through us. */
export function inheritedSink(): LineSink {
  return { done: Promise.resolve({ captured: Buffer.alloc(0) }), discard() {}, discarded: 0, destroy() {} };
}
