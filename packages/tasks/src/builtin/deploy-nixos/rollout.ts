import { Group, HostResult, parseHosts, type Host } from "@deploykit/core";
import { OptionError } from "../input.ts";
import { HostDeployError } from "./errors.ts";

/** How hosts are rolled out: batch size, a canary first, and when to stop starting new ones. */
export type RolloutPlan = {
  readonly batchSize: number;
  /** Deployed alone, first; if it fails, no other host starts. */
  readonly canary: Host<unknown> | undefined;
  readonly maxFailures: number;
  /** Hosts at once within a batch. @default the process-wide default (`dk --limit`), else all */
  readonly concurrency?: number | undefined;
  /** Ctrl-C: hosts not yet started are skipped. */
  readonly signal?: AbortSignal | undefined;
};

/**
 * Runs `deploy` on every host: the canary alone first, then batches of `batchSize` (a batch starts when the previous
 * one is done). Once `maxFailures` hosts failed (a host skipped untouched is no failure), or the canary failed or was
 * skipped, hosts not yet started are skipped; those already started finish; so after Ctrl-C (`signal`). Results come
 * back in host order.
 */
export async function rollout<T, M>(
  hosts: readonly Host<M>[],
  plan: RolloutPlan,
  deploy: (host: Host<M>) => Promise<T>,
): Promise<HostResult<T, M>[]> {
  const results = new Map<Host<M>, HostResult<T, M>>();
  let failures = 0;
  let stopped: string | undefined;
  const one = async (host: Host<M>) => {
    if (plan.signal?.aborted) stopped ??= `interrupted (${String(plan.signal.reason)})`;
    if (stopped !== undefined) {
      const error = new HostDeployError({
        host: host.commandPrefix,
        step: "skipped",
        outcome: "skipped",
        durationMs: 0,
        reason: `skipped: ${stopped}`,
      });
      results.set(host, HostResult.failed<T, M>(host, error));
      return;
    }
    try {
      results.set(host, HostResult.ok<T, M>(host, await deploy(host)));
    } catch (error) {
      results.set(host, HostResult.failed<T, M>(host, error));
      // A host skipped untouched (another deployment holds it) says nothing of this one: no failure to count.
      if (error instanceof HostDeployError && error.outcome === "skipped") return;
      failures++;
      if (failures >= plan.maxFailures) {
        stopped ??= `${failures} ${failures === 1 ? "host" : "hosts"} failed (max failures ${plan.maxFailures})`;
      }
    }
  };
  const canary = hosts.find((host) => host === plan.canary);
  if (canary !== undefined) {
    await new Group([canary]).runFunction(one, { check: false });
    const { ok, error } = results.get(canary)!;
    // Skipped, it tried nothing: the others wait for a canary that did.
    const how = error instanceof HostDeployError && error.outcome === "skipped" ? "was skipped" : "failed";
    if (!ok) stopped = `the canary ${canary.commandPrefix} ${how}`;
  }
  const rest = hosts.filter((host) => host !== canary);
  for (let i = 0; i < rest.length; i += plan.batchSize) {
    const batch = new Group(rest.slice(i, i + plan.batchSize));
    await batch.runFunction(one, {
      check: false,
      ...(plan.concurrency === undefined ? {} : { concurrency: plan.concurrency }),
    });
  }
  return hosts.map((host) => results.get(host)!);
}

/** The host `name` names: its hostname, its tag (`commandPrefix`) or `user@host:port`; else an OptionError. */
export function findCanary<M>(hosts: readonly Host<M>[], name: string | undefined): Host<M> | undefined {
  if (name === undefined) return undefined;
  const found =
    hosts.find((host) => [host.hostname, host.commandPrefix, host.toString()].includes(name)) ??
    hosts.find(sameEntry(name));
  if (found !== undefined) return found;
  const names = hosts.map((h) => h.commandPrefix).join(", ");
  const expected = `one of the hosts being deployed (${names})`;
  throw new OptionError(
    "canary",
    ` expects ${expected}, got ${JSON.stringify(name)}`,
    `Expected \`canary\` to name ${expected}, got \`${name}\``,
  );
}

// Whether a host is the one `user@host:port` entry `name` names as --hosts may spell it: port 22 written out or not,
// the host name in any case, any user when it names none. Nothing matches a name that is no host entry.
function sameEntry(name: string): (host: Host<unknown>) => boolean {
  let entry: Host<unknown> | undefined;
  try {
    entry = parseHosts(name).hosts[0];
  } catch {
    return () => false;
  }
  if (entry === undefined) return () => false;
  const { hostname, port = 22, user } = entry;
  return (host) =>
    host.hostname.toLowerCase() === hostname.toLowerCase() &&
    (host.port ?? 22) === port &&
    (user === undefined || host.user === user);
}
