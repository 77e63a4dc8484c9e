import type { HostResult } from "./host-result.ts";

/** Why one host failed, in one line. */
export function reasonOf(error: unknown): string {
  if (error instanceof Error)
    return "reason" in error && typeof error.reason === "string" ? error.reason : error.message;
  return String(error);
}

/** Thrown by a checked group call after every host finished, when any failed. Carries every host's result. */
export class GroupError<T = unknown, Meta = Record<string, unknown>> extends AggregateError {
  override readonly name = "GroupError";
  readonly results: readonly HostResult<T, Meta>[];
  readonly failed: readonly HostResult<T, Meta>[];

  constructor(results: readonly HostResult<T, Meta>[]) {
    const failed = results.filter((r) => !r.ok);
    const lines = groupedReasons(failed.map((r) => [r.host.commandPrefix, reasonOf(r.error)] as const));
    const what = results.length === 1 ? "1 host" : `${failed.length} of ${results.length} hosts`;
    super(
      failed.map((r) => r.error),
      `${what} failed:\n${lines.join("\n")}`,
    );
    this.results = results;
    this.failed = failed;
  }
}

// One line per reason: hosts that failed alike (a limit, a wrong key) are named together, not repeated.
function groupedReasons(failures: ReadonlyArray<readonly [host: string, reason: string]>): string[] {
  const byReason = new Map<string, string[]>();
  for (const [host, reason] of failures) byReason.set(reason, [...(byReason.get(reason) ?? []), host]);
  return [...byReason].map(([reason, hosts]) => {
    const named = hosts.length <= 4 ? hosts.join(", ") : `${hosts.slice(0, 3).join(", ")} and ${hosts.length - 3} more`;
    return `  ${named}: ${reason}`;
  });
}
