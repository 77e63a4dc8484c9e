import { duration, type Host, isDryRun, printer } from "@deploykit/core";
import { stateDir } from "./state-dir.ts";
import { lockFile } from "./lock-script.ts";
import { followActivation, type AttachOptions } from "./attach.ts";
import { confirmActivation, rollbackFailed } from "./confirm.ts";
import { explain } from "./diagnose.ts";
import { DeployStop } from "./errors.ts";
import { readNewSystem } from "./finish.ts";
import type { InterruptWatch } from "./on-interrupt.ts";
import { activations } from "./running.ts";
import type { Safety } from "./safety-options.ts";
import { startActivation } from "./start.ts";
import { settleInterrupted } from "./stop.ts";
import type { Deployment, HostPlan, NixosAction, NixosMeta } from "./types.ts";

// Seconds a poll waits on the host, and ssh waits to connect, while following an activation.
const POLL_WAIT_S = 5;
const CONNECT_TIMEOUT_S = 5;
// After the confirm deadline, how long dk still tries to reach a host to learn whether it rolled back.
const PROBE_FOR_S = 60;
// Without an armed rollback, how long dk tries to re-attach before it reports the host lost.
const REATTACH_UNARMED_S = 600;

/** What an activation left the host with. */
export type Activated = Pick<Deployment, "outcome" | "system" | "reattached">;

/**
 * Starts nixos-rebuild detached on the host, follows it (re-attaching after a drop) and, when a rollback is armed,
 * confirms it over a new connection after the health check. Throws `DeployStop` saying what the host was left with;
 * after Ctrl-C, what stopping or leaving the activation did.
 */
export async function activate(
  host: Host<NixosMeta>,
  plan: HostPlan,
  action: NixosAction,
  safety: Safety,
  interrupt: InterruptWatch,
  id: string,
): Promise<Activated> {
  const tag = host.commandPrefix;
  const confirmS = safety.confirmTimeoutS;
  const armed = confirmS === undefined ? "" : `; rollback armed: ${confirmS} s to confirm`;
  // Core prints instead of running under a dry run: nothing would start on the host, so there is nothing to follow.
  if (isDryRun()) {
    await printer().line(tag, `$ ${plan.rebuild.join(" ")}  (dry run: would start detached${armed})`);
    return { outcome: "activated", system: "", reattached: 0 };
  }
  const { signal } = interrupt;
  if (signal.aborted) {
    throw new DeployStop(
      "nixos-rebuild",
      "stopped",
      "stopped: interrupted before its activation started; the system did not change",
    );
  }
  const input = {
    id,
    lock: lockFile(plan.configDir),
    action,
    rebuild: plan.rebuild,
    confirmTimeoutS: confirmS,
    detach: safety.detach,
    healthTimeoutS: safety.healthTimeoutS,
  };
  const started = await startActivation(host, input, armed);
  const running = activations.add(host, id, started.how, confirmS, action);
  try {
    const reattachS = confirmS === undefined ? REATTACH_UNARMED_S : confirmS + PROBE_FOR_S;
    const attach: AttachOptions = {
      pollWaitS: POLL_WAIT_S,
      connectTimeoutS: CONNECT_TIMEOUT_S,
      reattachForMs: reattachS * 1000,
      signal,
    };
    const followed = await followActivation(host, id, attach);
    // Found after its start's answer was lost: that was a re-attachment too.
    const reattached = followed.reattached + (started.lost === undefined ? 0 : 1);
    if (started.lost !== undefined && followed.kind === "lost" && followed.gone) {
      throw new DeployStop(
        "nixos-rebuild",
        "failed",
        `nixos-rebuild did not start: the connection dropped as dk started it (${started.lost}) and the host has no ` +
          "trace of it; the system did not change: deploy again",
      );
    }
    if (followed.kind === "lost" && confirmS === undefined) {
      throw new DeployStop(
        "nixos-rebuild",
        "unreachable",
        `lost the activation: ${followed.reason}; log: ${stateDir(id)}/log`,
      );
    }
    if (followed.kind === "ended" && followed.status.exitCode !== 0) {
      const { status } = followed;
      if (status.phase === "rolled-back")
        throw new DeployStop("nixos-rebuild", "rolled back", `rolled back: ${status.reason}`);
      if (status.phase === "rollback-failed")
        throw new DeployStop(
          "nixos-rebuild",
          "rollback failed",
          `rollback failed: ${rollbackFailed(status.reason, id)}`,
        );
      if (status.phase === "stopped")
        throw new DeployStop("nixos-rebuild", "stopped", "stopped on the host (kill) before the system changed");
      // Armed, a rebuild that had changed the system rolled back (above); build and dry-activate switch nothing.
      const kept = confirmS !== undefined || action === "build" || action === "dry-activate";
      const why = explain("nixos-rebuild", status.exitCode!, followed.tail);
      throw new DeployStop("nixos-rebuild", "failed", `${why}${kept ? "; the system did not change" : ""}`);
    }
    if (confirmS === undefined) {
      const outcome = action === "build" || action === "dry-activate" ? "built" : "activated";
      // Over: a Ctrl-C from now on has no activation to stop or leave running, nor to ask about.
      running.done();
      return { outcome, system: await readNewSystem(host, id), reattached };
    }
    const confirmation = await confirmActivation(host, id, {
      confirmTimeoutS: confirmS,
      healthCheck: host.meta?.healthCheck,
      healthTimeoutS: safety.healthTimeoutS,
      connectTimeoutS: CONNECT_TIMEOUT_S,
      probeForS: PROBE_FOR_S,
      signal,
    });
    if (confirmation.kind !== "confirmed") {
      // What the host printed while it rolled back, dk being away or not: from where following stopped.
      await followActivation(host, id, { ...attach, reattachForMs: CONNECT_TIMEOUT_S * 3000 }, followed.offset);
      const said = {
        "rolled-back": "rolled back",
        "rollback-failed": "rollback failed",
        unreachable: "unreachable",
      } as const;
      throw new DeployStop("confirm", said[confirmation.kind], `${said[confirmation.kind]}: ${confirmation.reason}`);
    }
    running.done();
    await printer().line(
      tag,
      `confirmed over a new ssh connection, health check passed (${duration(confirmation.afterMs)})`,
    );
    return { outcome: "confirmed", system: await readNewSystem(host, id), reattached };
  } catch (error) {
    // Ctrl-C cut following (or confirming) short: stop the activation on the host, or leave it running, as decided.
    if (signal.aborted) throw await settleInterrupted(host, running, await interrupt.decision());
    throw error;
  } finally {
    running.done();
  }
}
