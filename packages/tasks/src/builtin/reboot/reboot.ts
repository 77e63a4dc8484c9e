import { Group, GroupError, HostResult, type Host } from "@deploykit/core";
import { RebootError } from "./errors.ts";
import { rebootHost } from "./host-reboot.ts";
import { resolveOptions, type Resolved } from "./options.ts";
import { findPing } from "./ping.ts";
import { createProgress } from "./progress.ts";
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
  const list = hostList(hosts);
  const o = resolveOptions(options);
  if (o.dryRun) return dryRun(list, o);
  // Checked before any host is touched: without ping, no host could be watched.
  const pingPath = findPing();
  const progress = createProgress(o.output, o.tty, list.map((host) => host.commandPrefix));
  // Without a limit, as every group call: `dk --limit N` when given, else all at once.
  const results = await new Group(list).runFunction((host) => rebootHost(host, o, pingPath, progress.host(host.commandPrefix)), {
    check: false,
    ...(o.limit === undefined ? {} : { concurrency: o.limit }),
  });
  progress.finish(results.map((r) => ({
    host: r.host.commandPrefix,
    ok: r.ok,
    durationMs: r.ok ? r.result.durationMs : elapsedOf(r.error),
    reason: r.ok ? undefined : reasonOf(r.error),
  })));
  if (results.some((r) => !r.ok)) throw new GroupError<RebootResult, Meta>(results);
  return results;
}

// A Group or an array of Host, non-empty and without the same host twice (it would be rebooted twice at once).
// Checked by shape, not class: a tasks file may load its own copy of @deploykit/core.
function hostList<Meta>(hosts: Group<Meta> | readonly Host<Meta>[]): readonly Host<Meta>[] {
  const list: unknown = Array.isArray(hosts) ? hosts : (hosts as Partial<Group<Meta>> | undefined)?.hosts;
  const isHost = (host: unknown) => typeof (host as Partial<Host> | undefined)?.commandPrefix === "string";
  if (!Array.isArray(list) || !list.every(isHost)) {
    throw new TypeError(`Expected \`hosts\` to be a Group or an array of Host, got \`${String(hosts)}\``);
  }
  if (list.length === 0) throw new TypeError("Expected `hosts` to hold at least one host, got none: nothing to reboot");
  const seen = new Set<string>();
  for (const host of list) {
    const key = host.toString();
    if (seen.has(key)) throw new TypeError(`Expected each host once, got \`${key}\` twice: it would be rebooted twice at once`);
    seen.add(key);
  }
  return list;
}

function reasonOf(error: unknown): string {
  if (error instanceof RebootError) return error.reason;
  return error instanceof Error ? error.message : String(error);
}

function elapsedOf(error: unknown): number {
  return error instanceof RebootError ? error.elapsedMs : 0;
}

// Says what would happen and touches nothing, like core's dry run.
function dryRun<Meta>(hosts: readonly Host<Meta>[], o: Resolved): HostResult<RebootResult, Meta>[] {
  return hosts.map((host) => {
    const name = host.commandPrefix;
    o.output.write(`[${name}] would run \`${o.command}\` and wait up to ${o.timeoutMs / 1000} s for a new boot id (dry run)\n`);
    const result: RebootResult = {
      host: name, bootIdBefore: "", bootIdAfter: "", probe: "ping", downSeen: false, durationMs: 0,
      times: { started: Date.now() }, dryRun: true,
    };
    return HostResult.ok<RebootResult, Meta>(host, result);
  });
}
