import { randomBytes } from "node:crypto";
import { CommandError, printer, type Host } from "@deploykit/core";
import { duration } from "../../format/summary.ts";
import { launchCommand, stateDir } from "./activation.ts";
import { followActivation } from "./attach.ts";
import { confirmActivation } from "./confirm.ts";
import { explain, failureReason } from "./diagnose.ts";
import { showDiff } from "./diff.ts";
import { HostDeployError, type DeployStep, type FailureOutcome } from "./errors.ts";
import { cleanupCommand } from "./remote-poll.ts";
import { rebootInto } from "./reboot-after.ts";
import type { Safety } from "./safety-options.ts";
import type { Deployment, HostPlan, NixosAction, NixosMeta } from "./types.ts";
import { activations } from "./running.ts";

// Seconds a poll waits on the host, and ssh waits to connect, while following an activation.
const POLL_WAIT_S = 5;
const CONNECT_TIMEOUT_S = 5;
// After the confirm deadline, how long dk still tries to reach a host to learn whether it rolled back.
const PROBE_FOR_S = 60;
// Without an armed rollback, how long dk tries to re-attach before it reports the host lost.
const REATTACH_UNARMED_S = 600;

/** Why a host failed, and what it was left with. */
class Stop extends Error {
  constructor(
    readonly step: DeployStep,
    readonly outcome: FailureOutcome,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One host: rsync, the optional diff, nixos-rebuild detached from the session and followed (re-attaching after a
 * drop), the confirmation over a new connection when a rollback is armed, and the optional reboot.
 */
export async function deployHost(
  host: Host<NixosMeta>,
  plan: HostPlan,
  action: NixosAction,
  safety: Safety,
): Promise<Deployment> {
  const started = performance.now();
  const tag = host.commandPrefix;
  let step: DeployStep = "rsync";
  try {
    await host.runLocal(plan.rsync(await host.sshArgs()));
    if (safety.diff && action !== "build" && action !== "dry-activate") {
      step = "diff";
      await showDiff(host, plan);
    }
    step = "nixos-rebuild";
    const id = `dk-deploy-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
    const input = { id, action, rebuild: plan.rebuild, confirmTimeoutS: safety.confirmTimeoutS, detach: safety.detach };
    const launched = await host.run(launchCommand(input), { becomeRoot: true, quiet: true, stdout: "pipe" });
    const how = launched.stdout.trim().replace(/^dk-launched /, "");
    const armed =
      safety.confirmTimeoutS === undefined ? "" : `; rollback armed: ${safety.confirmTimeoutS} s to confirm`;
    await printer().line(tag, `$ ${plan.rebuild.join(" ")}  (detached with ${how} as ${id}${armed})`);
    const running = activations.add(host, id, safety.confirmTimeoutS !== undefined);
    try {
      const reattachS =
        (safety.confirmTimeoutS ?? 0) + (safety.confirmTimeoutS === undefined ? REATTACH_UNARMED_S : PROBE_FOR_S);
      const attach = { pollWaitS: POLL_WAIT_S, connectTimeoutS: CONNECT_TIMEOUT_S, reattachForMs: reattachS * 1000 };
      const followed = await followActivation(host, id, attach);
      if (followed.kind === "lost" && safety.confirmTimeoutS === undefined) {
        throw new Stop(
          "nixos-rebuild",
          "unreachable",
          `lost the activation: ${followed.reason}; its log: ${stateDir(id)}/log`,
        );
      }
      if (followed.kind === "ended" && followed.status.exitCode !== 0) {
        const { status } = followed;
        if (status.phase === "rolled-back") {
          throw new Stop("nixos-rebuild", "rolled back", `rolled back: ${status.reason}`);
        }
        throw new Stop(
          "nixos-rebuild",
          "failed",
          `nixos-rebuild failed (exit ${status.exitCode}); its output is above`,
        );
      }
      const reattached = followed.reattached;
      let outcome: Deployment["outcome"] = action === "build" || action === "dry-activate" ? "built" : "activated";
      if (safety.confirmTimeoutS !== undefined) {
        step = "confirm";
        const confirmation = await confirmActivation(host, id, {
          confirmTimeoutS: safety.confirmTimeoutS,
          healthCheck: host.meta?.healthCheck,
          healthTimeoutS: safety.healthTimeoutS,
          connectTimeoutS: CONNECT_TIMEOUT_S,
          probeForS: PROBE_FOR_S,
        });
        if (confirmation.kind !== "confirmed") {
          // What the host printed while it rolled back, dk being away or not: from where following stopped.
          await followActivation(host, id, { ...attach, reattachForMs: CONNECT_TIMEOUT_S * 3000 }, followed.offset);
          const outcomeOf = {
            "rolled-back": "rolled back",
            "rollback-failed": "rollback failed",
            unreachable: "unreachable",
          } as const;
          const said = outcomeOf[confirmation.kind];
          throw new Stop("confirm", said, `${said}: ${confirmation.reason}`);
        }
        await printer().line(
          tag,
          `confirmed over a new ssh connection, health check passed (${duration(confirmation.afterMs)})`,
        );
        outcome = "confirmed";
      }
      const system = await finish(host, id);
      if (safety.reboot) {
        step = "reboot";
        await rebootInto(host, system, safety.rebootTimeoutS);
        outcome = "rebooted";
      }
      return {
        configDir: plan.configDir,
        rebuild: plan.rebuild,
        durationMs: Math.round(performance.now() - started),
        outcome,
        system,
        reattached,
      };
    } finally {
      running.done();
    }
  } catch (error) {
    const durationMs = Math.round(performance.now() - started);
    const stop = error instanceof Stop ? error : undefined;
    throw new HostDeployError(
      {
        host: tag,
        step: stop?.step ?? step,
        outcome: stop?.outcome ?? "failed",
        durationMs,
        reason: stop?.message ?? launchReason(step, error),
      },
      { cause: error },
    );
  }
}

// Reads the system the host now runs or boots, and removes the activation's state.
async function finish(host: Host<unknown>, id: string): Promise<string> {
  const read = `cat ${stateDir(id)}/new-system 2>/dev/null; ${cleanupCommand(id)}`;
  const result = await host.run(read, { becomeRoot: true, quiet: true, stdout: "pipe", check: false, dryRun: false });
  return result.stdout.trim();
}

// The launch itself failed: its stderr says why (no switch-to-configuration, no sudo, …).
function launchReason(step: DeployStep, error: unknown): string {
  if (step === "nixos-rebuild" && error instanceof CommandError && !error.timedOut && !error.interrupted) {
    const line = String(error.stderr).trim().split("\n").at(-1);
    if (line && !line.startsWith("ssh:"))
      return `could not start nixos-rebuild (exit ${error.exitCode}): ${line.replace(/^dk: /, "")}`;
  }
  return failureReason(step === "skipped" ? "nixos-rebuild" : step, error);
}
