import pMap from "p-map";
import { GroupError, reasonOf } from "./group-error.ts";
import { assertDistinctTags } from "./group-tags.ts";
import type { Host } from "./host.ts";
import { HostResult } from "./host-result.ts";
import { isStop } from "./is-stop.ts";
import { SILENT } from "./output/echo.ts";
import { printer } from "./output/printer.ts";
import { enter } from "./run/in-flight.ts";
import { callUnderWay, notStarted } from "./run/stop-running.ts";
import { selectHosts } from "./select.ts";
import { defaultConcurrency, selection } from "./settings.ts";
import type { GroupOptions } from "./types.ts";
import { assertConcurrency } from "./validate.ts";

export type Checked = { readonly check?: boolean };

/**
 * Runs `fn` on every host (at most `concurrency` at once), settles all, then throws `GroupError` if any failed whose
 * `check` holds (a function: the host's own, e.g. from its `with()` defaults).
 */
export async function runEach<T, Meta>(
  hosts: readonly Host<Meta>[],
  fn: (host: Host<Meta>) => T | Promise<T>,
  {
    concurrency = defaultConcurrency(),
    check = true,
    quiet = false,
  }: GroupOptions & { readonly check?: boolean | ((host: Host<Meta>) => boolean); readonly quiet?: boolean } = {},
  call = "group call",
): Promise<HostResult<T, Meta>[]> {
  assertConcurrency(concurrency);
  const chosen = inSelection(hosts);
  assertDistinctTags(chosen, call);
  // A quiet call (a probe) is silent as its runs are: no rows for a status view, no notices.
  const out = quiet ? SILENT : printer();
  // Doing nothing is allowed, but never silently: an empty --hosts or inventory is usually a mistake.
  if (chosen.length === 0) out.notice("group", "no hosts: this group call runs nothing");
  out.plan?.(chosen.map((host) => host.commandPrefix));
  // Every host's part is in flight from the call on, also while it waits for a `concurrency` slot.
  const parts = chosen.map((host) => enter(host.commandPrefix));
  // Stopped (Ctrl-C in dk) while under way: the hosts whose turn has not come never start, as when the run ends there.
  let halted = false;
  const leave = callUnderWay(() => (halted = true));
  const results = await pMap(
    chosen,
    async (host, index) => {
      if (halted) return (parts[index]!(), HostResult.failed<T, Meta>(host, notStarted()));
      try {
        out.begin?.(host.commandPrefix);
        const value = await fn(host);
        out.settled?.(host.commandPrefix);
        return HostResult.ok<T, Meta>(host, value);
      } catch (error) {
        out.settled?.(host.commandPrefix, reasonOf(error), isStop(error));
        return HostResult.failed<T, Meta>(host, error);
      } finally {
        parts[index]!();
      }
    },
    { concurrency },
  ).finally(() => (leave(), parts.forEach((done) => done())));
  const checked = typeof check === "function" ? check : () => check;
  if (results.some((r) => !r.ok && checked(r.host))) throw new GroupError<T, Meta>(results);
  return results;
}

/**
 * The hosts the process-wide selection (`configure({ on })`, `dk --on`) picks, all of them when there is none;
 * `SelectionError` when it picks none of a non-empty list.
 */
export function inSelection<Meta>(hosts: readonly Host<Meta>[]): readonly Host<Meta>[] {
  const current = selection();
  return current === undefined ? hosts : selectHosts(hosts, current);
}
