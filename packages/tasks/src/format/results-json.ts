import type { HostRecord } from "@deploykit/core";
import { jsonSafe } from "./value.ts";

/** `dk --json TASK`: one JSON document with dk's outcome and every host's result and captured output. */
export function resultsJson(task: string, exitCode: number, hosts: readonly HostRecord[], result?: unknown): string {
  const document = {
    ok: exitCode === 0,
    exitCode,
    task,
    result: jsonSafe(result),
    hosts: hosts.map((host) => ({
      host: host.host,
      ok: host.ok,
      exitCode: host.exitCode,
      durationMs: host.durationMs,
      error: host.error,
      halted: host.halted ?? null,
      output: host.output,
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
