import type { HostResult } from "@deploykit/core";
import type { Deployment, NixosAction } from "./types.ts";

/** What the summary needs of a failed host's error (a `HostDeployError`, or anything else thrown). */
type Failed = { readonly durationMs?: number; readonly reason?: string };

function seconds(ms: number | undefined): string {
  return ms === undefined ? "" : `${(ms / 1000).toFixed(1)} s`;
}

/** The per-host summary printed after every host finished: one line per host, in host order. Pure. */
export function formatSummary<M>(action: NixosAction, results: readonly HostResult<Deployment, M>[], dryRun = false): string {
  const ok = results.filter((r) => r.ok).length;
  const rows = results.map((r) => {
    const error = (r.error ?? {}) as Failed;
    const ms = r.ok ? r.result.durationMs : error.durationMs;
    const why = r.ok ? "" : (error.reason ?? (r.error instanceof Error ? r.error.message : String(r.error)));
    return [r.ok ? "ok" : "FAILED", r.host.commandPrefix, seconds(ms), why] as const;
  });
  const width = (column: 1 | 2) => Math.max(...rows.map((row) => row[column].length));
  const lines = rows.map(([status, host, time, why]) =>
    `  ${status.padEnd(6)}  ${host.padEnd(width(1))}  ${time.padStart(width(2))}${why === "" ? "" : `  ${why}`}`,
  );
  return [`deploy-nixos ${action}${dryRun ? " (dry run: nothing ran)" : ""}: ${ok} of ${results.length} host${results.length === 1 ? "" : "s"} ok`, ...lines, ""].join("\n");
}
