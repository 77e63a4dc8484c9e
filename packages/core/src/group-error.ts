import { inspect } from "node:util";
import type { HostResult } from "./host-result.ts";
import { joinedLines } from "./output/one-line.ts";

/** Why one host failed, in one line. */
export function reasonOf(error: unknown): string {
  // Reading a thrown value can throw too (a revoked proxy, a getter): that must not keep the other hosts from settling.
  try {
    return describe(error);
  } catch {
    return "a thrown value that cannot be shown";
  }
}

function describe(error: unknown): string {
  // A blank string would leave the host's line empty: it is shown quoted, as any other thrown value.
  if (typeof error === "string" && error.trim() !== "") return joinedLines(error);
  // A thrown object that is no Error, shown as inspect shows it: `{ code: 5 }`, not `[object Object]`.
  if (!(error instanceof Error)) return inspect(error, { breakLength: Infinity });
  const why = "reason" in error && typeof error.reason === "string" ? error.reason : error.message;
  // A message over several lines (a nested group's) would break the list it goes into: its lines joined.
  return joinedLines(why) || error.name;
}

/** Thrown by a checked group call after every host finished, when any failed. Carries every host's result. */
export class GroupError<T = unknown, Meta = Record<string, unknown>> extends AggregateError {
  override readonly name = "GroupError";
  readonly results: readonly HostResult<T, Meta>[];
  readonly failed: readonly HostResult<T, Meta>[];

  constructor(results: readonly HostResult<T, Meta>[]) {
    const failed = results.filter((r) => !r.ok);
    const lines = groupedReasons(
      failed.map((r) => [r.host.commandPrefix, reasonOf(r.error), r.host.hostname] as const),
    );
    const what = results.length === 1 ? "1 host" : `${failed.length} of ${results.length} hosts`;
    super(
      failed.map((r) => r.error),
      `${what} failed:\n${lines.join("\n")}`,
    );
    this.results = results;
    this.failed = failed;
  }
}

// One line per reason: hosts that failed alike (a limit, a wrong key) are named together, not repeated. A reason
// that names its own host (ssh's "connect to host web1 port 22: …") is alike once that name is `<host>`.
function groupedReasons(failures: ReadonlyArray<readonly [tag: string, reason: string, hostname: string]>): string[] {
  const byReason = new Map<string, { hosts: string[]; reasons: string[] }>();
  for (const [tag, reason, hostname] of failures) {
    const key = [...new Set([tag, hostname])].reduce((text, name) => text.replace(named(name), "<host>"), reason);
    const group = byReason.get(key) ?? { hosts: [], reasons: [] };
    group.hosts.push(tag);
    group.reasons.push(reason);
    byReason.set(key, group);
  }
  return [...byReason].map(([key, { hosts, reasons }]) => {
    const names = hosts.length <= 4 ? hosts.join(", ") : `${hosts.slice(0, 3).join(", ")} and ${hosts.length - 3} more`;
    return `  ${names}: ${hosts.length === 1 ? reasons[0] : key}`;
  });
}

// `name` as a whole word of a message: not part of a longer name or address; in any case, since ssh lowercases the
// name it is given (`WEB1` fails with "connect to host web1").
function named(name: string): RegExp {
  return new RegExp(`(?<![\\w.-])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-]|\\.\\w)`, "gi");
}
