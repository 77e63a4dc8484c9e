import { forTerminal } from "../output/escapes.ts";
import { cutReason, joinedLines } from "../output/one-line.ts";
import { visible } from "../output/printer.ts";
import { lastLines } from "./last-lines.ts";
import type { HostRecord } from "./record-types.ts";
import { countLine, resultWord, type Halted } from "./summary-count.ts";
import { textWidth } from "./width.ts";

/** What dk's table says besides its hosts (see summaryTable). */
export type SummaryTableOptions = { readonly succeeded?: boolean; readonly tails?: boolean; readonly dryRun?: boolean };

/** One host's line in the end-of-run table. */
export type SummaryRow = {
  readonly host: string;
  readonly ok: boolean;
  readonly durationMs: number;
  /** The exit code of its last command (dk's table); the column is left out when no row has one. */
  readonly exitCode?: number | null | undefined;
  /** Why it failed, in one line. */
  readonly reason?: string | undefined;
  /** Not ok without failing of itself: cut short by a stop, or never started or skipped; its result says so. */
  readonly halted?: Halted | null | undefined;
  /** Its last output lines, shown under the table when it failed. */
  readonly tail?: readonly string[] | undefined;
};

/** `0.4s`, `12.3s`, `2m05s`, `1h02m`: the one duration format of tables, live views and progress lines. */
export function duration(ms: number): string {
  if (typeof ms !== "number" || !Number.isFinite(ms))
    throw new TypeError(`Expected a number of milliseconds, got ${ms}`);
  // Rounded to tenths first: 59.96 s is a minute, not "60.0s".
  const s = Math.round(Math.max(0, ms) / 100) / 10;
  if (s < 60) return `${s.toFixed(1)}s`;
  const pad = (n: number) => String(Math.floor(n)).padStart(2, "0");
  return s < 3600 ? `${Math.floor(s / 60)}m${pad(s % 60)}s` : `${Math.floor(s / 3600)}h${pad((s / 60) % 60)}m`;
}

// A reason in one line: one of several lines (a caller's message) keeps them all, joined, each as a terminal shows it.
function oneReason(reason: string): string {
  return joinedLines(reason.split("\n").map(visible).join("\n"));
}

// A reason beside its result: "skipped: the canary failed" beside "skipped" says it once, "not started" not at all.
function besideResult({ ok, halted, reason = "" }: SummaryRow): string {
  if (ok || halted == null) return reason;
  if (reason === halted) return "";
  return reason.startsWith(`${halted}: `) ? reason.slice(halted.length + 2) : reason;
}

// A host name wider than this takes a line of its own above its row: one long name must not push every row of the
// table past the terminal's width.
const HOST_COLUMN = 40;

/**
 * The end-of-run table of dk, reboot and deploy-nixos: host, result, exit code, duration and why; then how many hosts
 * were ok (`title` says what ran; `note` follows in brackets); then the last lines of failed hosts, once for hosts that
 * ended alike. Pure. Commands' words in it (reasons, last lines) keep their colour alone, ended: the table goes to a
 * terminal after the run.
 */
export function formatSummary(hosts: readonly SummaryRow[], title?: string, note?: string): string {
  const exit = hosts.some((host) => host.exitCode !== undefined);
  const cells = (row: readonly string[]) => (exit ? row : [row[0]!, row[1]!, row[3]!, row[4]!]);
  const rows = [
    cells(["host", "result", "exit", "duration", ""]),
    ...hosts.map((host) =>
      cells([
        forTerminal(host.host),
        resultWord(host),
        host.exitCode == null ? "-" : String(host.exitCode),
        duration(host.durationMs),
        // A reason of 100 KB would bury the table: it is cut, saying how much (the error keeps it whole).
        forTerminal(cutReason(oneReason(besideResult(host)))),
      ]),
    ),
  ];
  const columns = rows[0]!.length;
  // Terminal columns, not string length: a tag of wide characters takes two each.
  const widths = rows[0]!.map((_, column) =>
    // The host column is as wide as the widest name that fits in it.
    rows.reduce((widest, row) => {
      const width = textWidth(row[column]!);
      return column === 0 && width > HOST_COLUMN ? widest : Math.max(widest, width);
    }, 0),
  );
  const pad = (cell: string, column: number) => " ".repeat(Math.max(0, widths[column]! - textWidth(cell)));
  // Host and result read left to right; exit and duration are numbers, aligned right; the reason runs free.
  const align = (cell: string, column: number) =>
    column === columns - 1 ? cell : column < 2 ? cell + pad(cell, column) : pad(cell, column) + cell;
  const line = ([host, ...rest]: readonly string[]) => {
    const wide = textWidth(host!) > widths[0]!;
    const cells = [wide ? "" : host!, ...rest].map(align).join("  ").trimEnd();
    return wide ? `${host}\n${cells}` : cells;
  };
  const count = countLine(hosts, note);
  const out = ["", ...rows.map(line), title === undefined ? count : `${title} on ${count}`];
  return `${[...out, ...lastLines(hosts.filter((host) => !host.ok))].join("\n")}\n`;
}

/**
 * A reason without the command it starts with: the table and the live view are about hosts, and the command is the
 * same on each.
 */
export function withoutCommand(error: string | null): string {
  return (error ?? "").replace(COMMAND_FIRST, "");
}

// A CommandError's reason: its command as oneLine names it (at most 60 characters and ` …`), then how it ended; a
// thrown message that only starts with a quoted word ("`a.json` is missing, so `b` failed to start") keeps it.
const COMMAND_FIRST = /^`.{1,62}?` (?=failed with exit code -?\d|timed out after \d|was interrupted|could not start: )/;

/**
 * dk's table after a task: every host that ran commands or took part in a group call, from the recorder; `succeeded`:
 * the task itself succeeded (dk exits 0), which is said when hosts failed; `tails`: the last lines of failed hosts;
 * `dryRun`: commands were printed, not run, which the count says (its "ok" is no host's answer).
 */
export function summaryTable(hosts: readonly HostRecord[], options: SummaryTableOptions = {}): string {
  const { succeeded = false, tails = true, dryRun = false } = options;
  const failed = hosts.some((host) => !host.ok);
  const notes = [
    ...(dryRun ? ["dry run: no command ran"] : []),
    ...(succeeded && failed ? ["the task handled the failures and succeeded"] : []),
  ];
  return formatSummary(
    hosts.map((host) => ({
      host: host.host,
      ok: host.ok,
      halted: host.halted,
      exitCode: host.exitCode,
      durationMs: host.durationMs,
      // The recorder's word for a host cut short under way: its result, `stopped`, says it.
      reason: host.error === "interrupted" ? "" : withoutCommand(host.error),
      tail: tails ? host.tail : undefined,
    })),
    undefined,
    notes.length > 0 ? notes.join("; ") : undefined,
  );
}
