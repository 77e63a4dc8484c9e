import type { HostResult } from "./host-result.ts";

/** Why one host failed, in one line. */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) return "reason" in error && typeof error.reason === "string" ? error.reason : error.message;
  return String(error);
}

/** Thrown by a checked group call after every host finished, when any failed. Carries every host's result. */
export class GroupError<T = unknown, Meta = Record<string, unknown>> extends AggregateError {
  override readonly name = "GroupError";
  readonly results: readonly HostResult<T, Meta>[];
  readonly failed: readonly HostResult<T, Meta>[];

  constructor(results: readonly HostResult<T, Meta>[]) {
    const failed = results.filter((r) => !r.ok);
    const lines = failed.map((r) => `  ${r.host.commandPrefix}: ${reasonOf(r.error)}`);
    const what = results.length === 1 ? "1 host" : `${failed.length} of ${results.length} hosts`;
    super(failed.map((r) => r.error), `${what} failed:\n${lines.join("\n")}`);
    this.results = results;
    this.failed = failed;
  }
}
