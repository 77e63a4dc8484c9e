import { secs } from "./clock.ts";
import { summary, type SummaryRow } from "./summary.ts";
import { TtyProgress } from "./tty-progress.ts";
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
};

/** A redrawn line per host on a terminal, tagged lines per phase change otherwise; the summary at the end either way. */
export function createProgress(output: ProgressStream, tty: boolean, hosts: readonly string[]): Progress {
  if (tty) return new TtyProgress(output, hosts, colorsOn());
  return {
    host: (name) => ({
      phase(phase, elapsedMs, detail) {
        const when = phase === "checking" ? "" : ` after ${secs(elapsedMs)}`;
        const sep = phase === "failed" ? ": " : " (";
        output.write(`[${name}] ${phase}${when}${detail === undefined ? "" : `${sep}${detail}${phase === "failed" ? "" : ")"}`}\n`);
      },
      note(text) {
        output.write(`[${name}] note: ${text}\n`);
      },
    }),
    finish: (rows) => void output.write(summary(rows, false)),
  };
}

// Colour on a terminal unless NO_COLOR says otherwise (FORCE_COLOR is for core's streamed output).
function colorsOn(): boolean {
  return process.env.NO_COLOR === undefined || process.env.NO_COLOR === "";
}
