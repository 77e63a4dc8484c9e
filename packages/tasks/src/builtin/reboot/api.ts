import {
  Group,
  GroupError,
  type HostResult,
  inSelection,
  printer,
  reasonOf,
  setPrinter,
  type Host,
} from "@deploykit/core";
import { hostList } from "../input.ts";
import { watchSignals } from "../signals.ts";
import { RebootError } from "./errors.ts";
import { assertDistinct } from "./distinct.ts";
import { dryRun } from "./dry-run.ts";
import { resolveOptions } from "./options.ts";
import { choosePing } from "./no-ping.ts";
import { createProgress } from "./progress.ts";
import { rebootHost } from "./sequence.ts";
import { SshConfigs } from "./target.ts";
import type { RebootOptions, RebootResult } from "./types.ts";

/**
 * Reboots `hosts` in parallel (at most `limit` at once) and waits until each is really back: it went down (or its
 * boot id changed), answers again, and accepts ssh with a new boot id. Progress goes to `output` as it happens and a
 * summary at the end. Resolves with every host's result; throws `GroupError` (after all finished) when any failed.
 * @example await reboot(parseHosts("root@web1,root@web2"), { timeout: 300, limit: 1 })
 */
export async function reboot<Meta>(
  hosts: Group<Meta> | readonly Host<Meta>[],
  options: RebootOptions = {},
): Promise<HostResult<RebootResult, Meta>[]> {
  // The hosts dk --on picks, as the group call below: the dry run, the live view and the summary name those alone.
  const list = inSelection(hostList(hosts, "reboot", "it would be rebooted twice at once"));
  const o = resolveOptions(options);
  // Each host's ssh configuration is read once for the whole run.
  const configs = new SshConfigs();
  await assertDistinct(list, configs);
  if (o.dryRun) return dryRun(list, o, configs);
  // Said once, before any host's progress: without ping here, hosts are watched by their ssh port.
  const { pingPath, note } = await choosePing(list, configs);
  if (note !== undefined) o.output.write(`note: ${note}\n`);
  const progress = createProgress(
    o.output,
    o.tty,
    list.map((host) => host.commandPrefix),
  );
  // Without a signal of the caller's, Ctrl-C stops the waiting and each host says whether its reboot was sent.
  const watch = o.signal === undefined ? watchSignals() : undefined;
  const run = watch === undefined ? o : { ...o, signal: watch.signal };
  // dk's live view (the process printer on a terminal) would draw over ours.
  const previous = progress.view === undefined ? undefined : setPrinter(progress.view);
  try {
    // Without a limit, as every group call: `dk --limit N` when given, else all at once.
    const results = await new Group(list)
      .runFunction((host) => rebootHost(host, run, pingPath, progress.host(host.commandPrefix), configs), {
        check: false,
        ...(o.limit === undefined ? {} : { concurrency: o.limit }),
      })
      .finally(() => progress.view !== undefined && setPrinter(previous));
    progress.finish(
      results.map((r) => ({
        host: r.host.commandPrefix,
        ok: r.ok,
        durationMs: r.ok ? r.result.durationMs : r.error instanceof RebootError ? r.error.elapsedMs : 0,
        reason: r.ok ? undefined : reasonOf(r.error),
        halted: r.error instanceof RebootError ? r.error.halted : undefined,
      })),
    );
    // dk's own end-of-task table would list these hosts a second time.
    printer().summarized?.(list.map((host) => host.commandPrefix));
    if (results.some((r) => !r.ok)) throw new GroupError<RebootResult, Meta>(results);
    return results;
  } finally {
    // After Ctrl-C every host is summed up: dk may exit now (a plain script ends as Ctrl-C ends it).
    await watch?.end();
  }
}
