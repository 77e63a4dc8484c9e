import { formatSummary, type Halted } from "@deploykit/core";
import {
  Group,
  GroupError,
  inSelection,
  isDryRun,
  printer,
  reasonOf,
  type Host,
  type HostResult,
} from "@deploykit/core";
import { fail, hostList } from "../input.ts";
import { HostDeployError, type FailureOutcome } from "./errors.ts";
import { deployHost } from "./host-deploy.ts";
import { planHost } from "./plan.ts";
import { assertLocalRsync, inspectSource } from "./preflight.ts";
import { findCanary, rollout } from "./rollout.ts";
import { watchInterrupt } from "./on-interrupt.ts";
import { resolveSafety, unusedTimeoutsNote } from "./safety-options.ts";
import { assertOncePerTarget, assertTargetSafety } from "./target-safety.ts";
import { sshIdentities } from "../reboot/distinct.ts";
import { SshConfigs } from "../reboot/target.ts";
import type { DeployNixosOptions, Deployment, HostPlan, NixosAction, NixosMeta } from "./types.ts";
import { assertAction, assertExcludes, assertNoTargetHost, assertOnInterrupt, assertStrings } from "./validate.ts";

/**
 * Ships a NixOS configuration to the hosts (those `dk --on` selects) and activates it there: per host, the lock of
 * `meta.configDir` (another deployment holding it skips the host), rsync `source` to it (mirrored), then
 * `nixos-rebuild <action>` detached from the ssh session (with sudo when the user is not root), followed and
 * re-attached after a drop; for `switch` and `test` the host rolls back by itself unless
 * dk confirms over a new connection after the health check. A canary first, then batches; `maxFailures` stops new
 * hosts. Output streams tagged per host; a summary follows; throws `GroupError` after all finished if any host
 * failed. Bad input, a missing rsync or a source without flake.nix/configuration.nix throw before anything is sent.
 *
 * @example
 * await deployNixos([new Host("web1.example.com", { user: "root", meta: { flakeAttr: "web1" } })], { source: "./nixos"
 * });
 */
export async function deployNixos<M extends NixosMeta>(
  hosts: Group<M> | readonly Host<M>[],
  options: DeployNixosOptions,
): Promise<HostResult<Deployment, M>[]> {
  // `dk --on` (configure({ on })) picks the hosts; one that picks none is a SelectionError.
  const list = inSelection(hostList(hosts, "deploy to"));
  const { source, action = "switch", excludes = [], extraArgs = [], concurrency, summary = true } = options ?? {};
  const { onInterrupt = "ask" } = options ?? {};
  if (typeof source !== "string" || source === "") fail("source", "a directory path", source);
  assertAction(action);
  assertExcludes(excludes, "excludes");
  assertStrings(extraArgs, "extraArgs");
  assertNoTargetHost(extraArgs);
  assertOnInterrupt(onInterrupt);
  const safety = resolveSafety(options, action, list.length);
  const unused = unusedTimeoutsNote(options, action);
  if (unused !== undefined) process.stderr.write(unused);
  const canary = findCanary(list, safety.canary);
  const config = inspectSource(source);
  // Every host's plan before the first byte is sent: one bad meta stops the whole deployment.
  const plans = new Map<Host<M>, HostPlan>(
    list.map((host) => [host, planHost(host, { source: config, action, excludes, extraArgs })]),
  );
  for (const host of list) assertTargetSafety(host, safety, action);
  assertOncePerTarget(list, await sshIdentities(list, new SshConfigs()));
  assertLocalRsync();

  // Detached activations outlive dk: Ctrl-C stops them on the hosts or leaves them running, as `onInterrupt` says.
  const interrupt = watchInterrupt(onInterrupt);
  const { batchSize, maxFailures } = safety;
  const { signal } = interrupt;
  const results = await rollout(list, { batchSize, canary, maxFailures, concurrency, signal }, (host) =>
    deployHost(host, plans.get(host)!, action, safety, interrupt),
  ).finally(() => {
    if (!signal.aborted) void interrupt.end();
  });
  // Core prints instead of running under dk --dry-run; the summary must not claim more.
  if (summary) {
    process.stdout.write(deploySummary(action, results, isDryRun()));
    printer().summarized?.(list.map((host) => host.commandPrefix));
  }
  // After Ctrl-C: every host is stopped or left and summed up, so dk may exit now.
  if (signal.aborted) await interrupt.end();
  if (results.some((r) => !r.ok)) throw new GroupError<Deployment, M>(results);
  return results;
}

// Outcomes that are no failure of the host's: the table counts them apart.
const HALTED: Partial<Record<FailureOutcome, Halted>> = { stopped: "stopped", skipped: "skipped" };

/** The summary table after every host finished, in host order. Pure. */
export function deploySummary<M>(
  action: NixosAction,
  results: readonly HostResult<Deployment, M>[],
  dryRun = false,
): string {
  const rows = results.map((r) => ({
    host: r.host.commandPrefix,
    ok: r.ok,
    durationMs: r.ok ? r.result.durationMs : r.error instanceof HostDeployError ? r.error.durationMs : 0,
    // confirmed / rolled back (why) / unreachable: what the host was left with; after a dry run, nothing.
    reason: r.ok ? (dryRun ? undefined : okReason(action, r.result)) : reasonOf(r.error),
    halted: r.error instanceof HostDeployError ? HALTED[r.error.outcome] : undefined,
  }));
  return formatSummary(rows, `deploy-nixos ${action}${dryRun ? " (dry run: nothing ran)" : ""}`);
}

// What a host that deployed fine was left with, for the summary: a boot activates nothing until the host reboots.
function okReason(action: NixosAction, deployment: Deployment): string | undefined {
  const again = deployment.reattached > 0 ? `, re-attached ${deployment.reattached}x after a dropped connection` : "";
  const activated = action === "boot" ? "boot default set: it runs the new system after its next reboot" : "activated";
  const said = { confirmed: "confirmed", activated, rebooted: "rebooted into the new system", built: "" };
  const text = `${said[deployment.outcome] ?? ""}${again}`;
  return text === "" ? undefined : text.replace(/^, /, "");
}
