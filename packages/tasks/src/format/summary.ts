import type { HostRecord } from "@deploykit/core";

// The reason without the command it starts with: the table is about hosts, and the command is the same on each.
function why(error: string | null): string {
  return (error ?? "").replace(/^`.*?` (?=failed|timed out|was interrupted|could not start)/s, "");
}

/** `0.4s`, `12.3s`, `2m05s`. */
function duration(ms: number): string {
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(1)}s` : `${Math.floor(s / 60)}m${String(Math.floor(s % 60)).padStart(2, "0")}s`;
}

/** The end-of-task table (host, result, exit code, duration, why) and the last lines of each failed host. */
export function summaryTable(hosts: readonly HostRecord[]): string {
  const rows = [
    ["host", "result", "exit", "duration", ""],
    ...hosts.map((host) => [host.host, host.ok ? "ok" : "failed", host.exitCode === null ? "-" : String(host.exitCode), duration(host.durationMs), why(host.error)]),
  ];
  const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: readonly string[]) =>
    [row[0]!.padEnd(widths[0]!), row[1]!.padEnd(widths[1]!), row[2]!.padStart(widths[2]!), row[3]!.padStart(widths[3]!), row[4]!].join("  ").trimEnd();
  const failed = hosts.filter((host) => !host.ok);
  const ok = hosts.length - failed.length;
  const out = ["", ...rows.map(line), `${hosts.length === 1 ? "1 host" : `${hosts.length} hosts`}: ${ok} ok, ${failed.length} failed`];
  for (const host of failed.filter((candidate) => candidate.tail.length > 0)) {
    out.push("", `last lines of ${host.host}:`, ...host.tail.map((text) => `  ${text}`));
  }
  return `${out.join("\n")}\n`;
}
