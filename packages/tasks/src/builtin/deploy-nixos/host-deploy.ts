import { randomBytes } from "node:crypto";
import { CommandError, isDryRun, type Host } from "@deploykit/core";
import { activate } from "./activate.ts";
import { STEP_MS } from "./bounds.ts";
import { copyConfig } from "./copy.ts";
import { failureReason } from "./diagnose.ts";
import { assertFreshLogin } from "./fresh-login.ts";
import { showDiff } from "./diff.ts";
import { DeployStop, HostDeployError, type DeployStep } from "./errors.ts";
import { lockHost, type HostLock } from "./lock.ts";
import { RebootError } from "../reboot/errors.ts";
import { rebootInto } from "./reboot-after.ts";
import type { InterruptWatch } from "./on-interrupt.ts";
import type { Safety } from "./safety-options.ts";
import { activatesItself } from "./target-safety.ts";
import type { Deployment, HostPlan, NixosAction, NixosMeta } from "./types.ts";

/**
 * One host: its deployment lock, rsync, the optional diff, the activation (detached, followed, confirmed when armed),
 * the optional reboot. A failure becomes a `HostDeployError` naming the step and what the host was left with.
 */
export async function deployHost(
  host: Host<NixosMeta>,
  plan: HostPlan,
  action: NixosAction,
  safety: Safety,
  interrupt: InterruptWatch,
): Promise<Deployment> {
  const started = performance.now();
  const id = `dk-deploy-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
  let step: DeployStep = "lock";
  let lock: HostLock | undefined;
  let reachable = true;
  const { signal } = interrupt;
  // Ctrl-C stops the step under way (its commands get `signal`) and starts no other: one that came as a step ended is
  // that step's, since the next one never began.
  const next = (to: DeployStep) => (signal.throwIfAborted(), (step = to));
  try {
    next("lock");
    // Under a dry run nothing reaches the host, nor needs its lock.
    // A build (or dry-activate), or an activation on another machine (targetHost), changes no system of this host: it
    // needs no hold on the host's activations.
    const activating = (action === "switch" || action === "boot" || action === "test") && activatesItself(host);
    if (!isDryRun()) lock = await lockHost(host, plan.configDir, id, { signal, activating });
    if (safety.confirmTimeoutS !== undefined && lock !== undefined) await assertFreshLogin(lock, signal);
    next("rsync");
    await copyConfig(host, plan, STEP_MS, signal);
    if (safety.diff && action !== "build" && action !== "dry-activate") {
      next("diff");
      await showDiff(host, plan, signal);
    }
    step = "nixos-rebuild";
    const activated = await activate(host, plan, action, safety, interrupt, id);
    if (safety.reboot) {
      step = "reboot";
      await rebootInto(host, activated.system, safety.rebootTimeoutS, signal);
    }
    return {
      configDir: plan.configDir,
      rebuild: plan.rebuild,
      durationMs: Math.round(performance.now() - started),
      ...activated,
      ...(safety.reboot ? { outcome: "rebooted" as const } : {}),
    };
  } catch (error) {
    const stop = error instanceof DeployStop ? error : undefined;
    reachable = stop?.outcome !== "unreachable";
    throw new HostDeployError(
      {
        host: host.commandPrefix,
        step: stop?.step ?? step,
        outcome: stop?.outcome ?? (signal.aborted ? "stopped" : "failed"),
        durationMs: Math.round(performance.now() - started),
        reason:
          stop?.message ?? (signal.aborted ? interrupted(step, error, plan.configDir) : launchReason(step, error)),
      },
      { cause: error },
    );
  } finally {
    // Over a new connection, briefly, when the run's own were cut or lost; a host still out of reach keeps the lock
    // until its lease runs out.
    await lock?.release(!reachable || signal.aborted);
  }
}

// Why a step failed: the reboot's own reason (its message starts with the host's tag, which this error has already);
// starting the activation, what its stderr says (no switch-to-configuration, no sudo, …).
function launchReason(step: DeployStep, error: unknown): string {
  if (step === "reboot" && error instanceof RebootError) return `reboot failed: ${error.reason}`;
  if (step === "nixos-rebuild" && error instanceof CommandError && !error.timedOut && !error.interrupted) {
    const line = String(error.stderr).trim().split("\n").at(-1);
    if (line && !line.startsWith("ssh:")) {
      return `could not start nixos-rebuild (exit ${error.exitCode}): ${line.replace(/^dk: /, "")}`;
    }
  }
  return failureReason(step, error);
}

// Ctrl-C cut a step other than the followed activation short (rsync, diff, starting it, reboot).
function interrupted(step: DeployStep, error: unknown, configDir: string): string {
  // The new system is the boot default either way; what differs is whether the host is on its way into it.
  if (step === "reboot" && error instanceof RebootError && !error.rebootSent)
    return "interrupted before the reboot: the new system is the boot default and runs after the next reboot";
  if (step === "reboot" && error instanceof RebootError && error.sendCut)
    return (
      "interrupted while sending the reboot: it may or may not have been sent; the new system is the boot default" +
      " either way: check whether the host reboots, and that it then runs the new system"
    );
  if (step === "reboot")
    return "interrupted while rebooting into the new system: the reboot was sent; check that the host comes back on it";
  if (step === "nixos-rebuild") return "interrupted while starting nixos-rebuild: it may have started; check the host";
  // The lock step's own interruptions say so themselves (lock.ts, fresh-login.ts): this one came once it was done.
  if (step === "lock") return "stopped: interrupted before anything was sent; the system did not change";
  // An rsync cut short leaves the directory part old, part new: the next deployment mirrors it whole again.
  const copied = step === "rsync" ? ` (${configDir} on the host may hold part of the new configuration)` : "";
  return `stopped: interrupted during ${step}; the system did not change${copied}`;
}
