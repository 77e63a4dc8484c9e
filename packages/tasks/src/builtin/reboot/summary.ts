import { secs } from "./clock.ts";

/** One host's line in the final summary. */
export type SummaryRow = {
  readonly host: string;
  readonly ok: boolean;
  readonly durationMs: number;
  /** Why it failed; for a dry run, what would have happened. */
  readonly reason?: string | undefined;
};

const GREEN = (s: string) => `\x1b[32m${s}\x1b[39m`;
const RED = (s: string) => `\x1b[31m${s}\x1b[39m`;

/** The closing table: each host, ok or why not, and how long it took. Pure. */
export function summary(rows: readonly SummaryRow[], color: boolean): string {
  const failed = rows.filter((row) => !row.ok).length;
  const width = Math.max(0, ...rows.map((row) => row.host.length));
  const lines = rows.map((row) => {
    const status = row.ok ? "ok    " : "FAILED";
    const painted = color ? (row.ok ? GREEN : RED)(status) : status;
    const reason = row.reason === undefined ? "" : `  ${row.reason}`;
    return `  ${row.host.padEnd(width)}  ${painted}  ${secs(row.durationMs).padStart(7)}${reason}`;
  });
  const head = failed === 0
    ? `reboot: ${rows.length === 1 ? "the host is" : `all ${rows.length} hosts are`} back`
    : `reboot: ${failed} of ${rows.length} ${rows.length === 1 ? "host" : "hosts"} failed`;
  return `${head}\n${lines.join("\n")}\n`;
}
