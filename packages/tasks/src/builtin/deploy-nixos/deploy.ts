import { Group, GroupError, isDryRun, printer, reasonOf, type Host, type HostResult } from "@deploykit/core";
import { formatSummary } from "../../format/summary.ts";
import { hostList } from "../input.ts";
import { failureReason } from "./diagnose.ts";
import { HostDeployError, type DeployStep } from "./errors.ts";
import { planHost } from "./plan.ts";
import { assertLocalRsync, inspectSource } from "./preflight.ts";
import type { DeployNixosOptions, Deployment, HostPlan, NixosAction, NixosMeta } from "./types.ts";
import { assertAction, assertStrings } from "./validate.ts";

/**
 * Ships a NixOS configuration to every host at once and activates it there: per host, rsync `source` to
 * `meta.configDir` (mirrored), then `nixos-rebuild <action>` on the host (with sudo when the user is not root).
 * Output streams tagged per host; a summary follows; throws `GroupError` after all finished if any host failed.
 * Bad input, a missing rsync or a source without flake.nix/configuration.nix throw before anything is sent.
 *
 * @example
 * await deployNixos([new Host("web1.example.com", { user: "root", meta: { flakeAttr: "web1" } })], { source: "./nixos"
 * });
 */
export async function deployNixos<M extends NixosMeta>(
  hosts: Group<M> | readonly Host<M>[],
  options: DeployNixosOptions,
): Promise<HostResult<Deployment, M>[]> {
  const list = hostList(hosts, "deploy to");
  const {
    source,
    action = "switch",
    excludes = [],
    extraArgs = [],
    concurrency = Infinity,
    summary = true,
  } = options ?? {};
  if (typeof source !== "string" || source === "")
    throw new TypeError(`Expected \`source\` to be a directory path, got \`${String(source)}\``);
  assertAction(action);
  assertStrings(excludes, "excludes");
  assertStrings(extraArgs, "extraArgs");
  const config = inspectSource(source);
  // Every host's plan before the first byte is sent: one bad meta stops the whole deployment.
  const plans = new Map<Host<M>, HostPlan>(
    list.map((host) => [host, planHost(host, { source: config, action, excludes, extraArgs })]),
  );
  assertLocalRsync();

  const results = await new Group(list).runFunction((host) => deployHost(host, plans.get(host)!), {
    concurrency,
    check: false,
  });
  // Core prints instead of running under dk --dry-run; the summary must not claim more.
  if (summary) {
    process.stdout.write(deploySummary(action, results, isDryRun()));
    printer().summarized?.(list.map((host) => host.commandPrefix));
  }
  if (results.some((r) => !r.ok)) throw new GroupError<Deployment, M>(results);
  return results;
}

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
    reason: r.ok ? undefined : reasonOf(r.error),
  }));
  return formatSummary(rows, `deploy-nixos ${action}${dryRun ? " (dry run: nothing ran)" : ""}`);
}

// rsync, then nixos-rebuild; a failure becomes a HostDeployError naming the step, keeping the original as `cause`.
async function deployHost(host: Host<NixosMeta>, plan: HostPlan): Promise<Deployment> {
  const started = performance.now();
  let step: DeployStep = "rsync";
  try {
    // rsync rides the host's shared ssh connection.
    await host.runLocal(plan.rsync(await host.sshArgs()));
    step = "nixos-rebuild";
    await host.run(plan.rebuild, { becomeRoot: true });
    return { configDir: plan.configDir, rebuild: plan.rebuild, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    const durationMs = Math.round(performance.now() - started);
    throw new HostDeployError(
      { host: host.commandPrefix, step, durationMs, reason: failureReason(step, error) },
      { cause: error },
    );
  }
}
