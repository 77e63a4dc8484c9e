import type { RunningChild } from "./child.ts";
import type { Invocation } from "./invocation.ts";
import { endOrder } from "../output/end-order.ts";
import { readLines, type LineSink } from "../output/line-sink.ts";
import type { Printer } from "../output/printer.ts";
import { CARRIED } from "../output/split-lines.ts";
import { Tail } from "../output/tail.ts";
import { inheritedSink } from "./stdio.ts";
import type { RunOptions } from "../types.ts";

export type Stream = "stdout" | "stderr";

type OutputHooks = {
  maxBuffer: number;
  onOutput: () => void;
  onOverflow: (stream: Stream) => void;
  /** The remote command's exit status, as its mark on stderr tells it (the stream may stay open after). */
  onExitMark: (status: number) => void;
};

/**
 * A running command's stdout and stderr, line by line: printed tagged, captured, or passed by (inherited); their last
 * lines kept for the error. `onOutput` hears every chunk of output, `onOverflow` a stream past `maxBuffer`.
 */
export function readOutput(
  child: RunningChild,
  inv: Invocation,
  options: Pick<RunOptions, Stream>,
  out: Printer,
  { maxBuffer, onOutput, onOverflow, onExitMark }: OutputHooks,
): { readonly sinks: Record<Stream, LineSink>; readonly tail: Tail; readonly errors: Tail } {
  const tail = new Tail(10);
  // ssh's complaints run to a dozen lines (a changed host key); keep enough to find the cause.
  const errors = new Tail(30);
  const order = endOrder();
  const sink = (stream: Stream): LineSink => {
    const mode = options[stream] ?? "print";
    const from = child[stream];
    if (from === null) return inheritedSink();
    return readLines(from, {
      capture: mode === "pipe",
      endOrder: order,
      onData: onOutput,
      onRedraw: mode === "print" ? (text) => out.redraw?.(inv.tag, text, stream) : undefined,
      onLine: (text, continued) => {
        // A long line's next pieces add nothing to its start, kept cut short: they would push out the lines before it.
        if (!continued) tail.push(text);
        if (stream === "stderr" && !continued) errors.push(text);
        return mode === "print"
          ? out.line(inv.tag, continued ? `${CARRIED}${text}` : text, stream, continued)
          : undefined;
      },
      exitMark: stream === "stderr" ? inv.exitMark : undefined,
      onExitMark: stream === "stderr" ? onExitMark : undefined,
      skipLeading: stream === "stderr" ? inv.skipLeading : undefined,
      maxBuffer,
      // More than the caller wanted kept: stop the command rather than let memory grow.
      onOverflow: () => onOverflow(stream),
    });
  };
  return { sinks: { stdout: sink("stdout"), stderr: sink("stderr") }, tail, errors };
}
