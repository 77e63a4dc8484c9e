import {
  createStatusPrinter,
  drawsInPlace,
  duration,
  formatSummary,
  type StatusPrinter,
  type SummaryRow,
} from "@deploykit/core";
import type { ProgressStream, RebootPhase } from "./types.ts";

/** What one host's reboot reports; elapsed times are from the host's first check. */
export type HostReporter = {
  phase(phase: RebootPhase, elapsedMs: number, detail?: string): void;
  /** Something worth knowing that is not a phase change (e.g. ICMP filtered, watching the ssh port instead). */
  note(text: string): void;
};

/** Progress for a whole run: one reporter per host, then the summary. */
export type Progress = {
  host(name: string): HostReporter;
  finish(rows: readonly SummaryRow[]): void;
  /** The live view, on a terminal: the process's printer while hosts reboot, so no other view draws over it. */
  readonly view?: StatusPrinter;
};

type TtyStream = Parameters<typeof createStatusPrinter>[0];

/**
 * On a terminal (`tty`) that can redraw, core's live view: a line per host with its phase and elapsed time, redrawn in
 * place. Otherwise (a pipe, a file, TERM=dumb) a tagged line per phase change. The summary table at the end either way.
 */
export function createProgress(output: ProgressStream, tty: boolean, hosts: readonly string[]): Progress {
  const summary = (rows: readonly SummaryRow[]) => void output.write(formatSummary(rows, "reboot"));
  if (!drawsInPlace({ isTTY: tty })) {
    return {
      host: (name) => ({
        phase(phase, elapsedMs, detail) {
          const when = phase === "checking" ? "" : ` after ${duration(elapsedMs)}`;
          const why = detail === undefined ? "" : phase === "failed" ? `: ${detail}` : ` (${detail})`;
          output.write(`[${name}] ${phase}${when}${why}\n`);
        },
        note: (text) => void output.write(`[${name}] note: ${text}\n`),
      }),
      finish: summary,
    };
  }
  const stream = asTty(output);
  // What dk and core write to stderr on the same terminal (dk's "interrupted") must go above the view, not through it.
  const errors = output === process.stdout ? (process.stderr as TtyStream) : stream;
  const view = createStatusPrinter(stream, errors, { tail: 0 });
  view.plan(hosts);
  return {
    host: (name) => ({
      phase: (phase, elapsedMs, detail) => show(view, name, phase, elapsedMs, detail),
      note: (text) => void view.line(name, text),
    }),
    finish(rows) {
      view.stop();
      summary(rows);
    },
    view,
  };
}

// A phase as the view's events: the first check starts the host's clock, the last phase ends it, the rest is its line.
function show(
  view: StatusPrinter,
  name: string,
  phase: RebootPhase,
  elapsedMs: number,
  detail: string | undefined,
): void {
  if (phase === "checking") view.start(name, "reboot");
  if (phase === "ssh ok" || phase === "failed") {
    view.end(name, {
      command: "reboot",
      exitCode: phase === "failed" ? 1 : 0,
      durationMs: elapsedMs,
      error: phase === "failed" ? detail : undefined,
    });
    return;
  }
  view.line(name, detail === undefined ? phase : `${phase}: ${detail}`);
}

// The view redraws through `write` and follows `resize`; a stream that is not an EventEmitter gets a stand-in.
function asTty(output: ProgressStream): TtyStream {
  if (typeof (output as Partial<TtyStream>).on === "function") return output as TtyStream;
  const stream = {
    write: (text: string) => output.write(text),
    isTTY: true,
    on: () => stream,
    removeListener: () => stream,
  };
  Object.defineProperty(stream, "columns", { get: () => output.columns });
  return stream as unknown as TtyStream;
}
