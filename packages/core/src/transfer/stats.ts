import { printer } from "../output/printer.ts";
import { duration } from "../status/summary.ts";
import type { TransferResult } from "../types.ts";

type Stats = Pick<TransferResult, "files" | "bytes" | "deleted">;

// One `--stats` figure ("Number of regular files transferred: 3"), digits only (`--no-human-readable`).
function figure(stdout: string, label: string): number {
  const line = stdout.split("\n").find((l) => l.startsWith(`${label}:`));
  return Number(
    line
      ?.slice(label.length + 1)
      .match(/\d[\d,.]*/)?.[0]
      ?.replace(/[,.]/g, "") ?? 0,
  );
}

/** What moved, read from rsync's `--stats` output (zeros in a dry run, which prints none). Pure. */
export function readStats(stdout: string): Stats {
  return {
    files: figure(stdout, "Number of regular files transferred"),
    bytes: figure(stdout, "Total transferred file size"),
    deleted: figure(stdout, "Number of deleted files"),
  };
}

/** `1.5 MB`, `340 B`: decimal units, as rsync's `-h` and `ls --si` show them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let value = bytes / 1000;
  let unit = 0;
  for (; value >= 1000 && unit < units.length - 1; unit++) value /= 1000;
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** The line a transfer prints, e.g. `uploaded build → /srv/app: 3 files, 1.5 MB in 0.4s`. Pure. */
export function transferLine(t: TransferResult): string {
  const verb = t.direction === "upload" ? "uploaded" : "downloaded";
  const sent = t.files === 0 ? [] : [`${t.files} ${t.files === 1 ? "file" : "files"}, ${formatBytes(t.bytes)}`];
  const changes = [...sent, ...(t.deleted === 0 ? [] : [`${t.deleted} deleted`])];
  const what = changes.length === 0 ? "up to date" : changes.join(", ");
  return `${verb} ${shown(t.source)} → ${shown(t.destination)}: ${what} in ${duration(t.durationMs)}`;
}

/** A path as written; as a JSON string when a control character in it would break the line or drive the terminal. */
export function shown(path: string): string {
  return /\p{Cc}/u.test(path) ? JSON.stringify(path) : path;
}

/** Prints the transfer's one tagged line. */
export function announce(tag: string, t: TransferResult): void {
  void printer().line(tag, transferLine(t));
}
