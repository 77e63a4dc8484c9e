import { duration } from "@deploykit/core";
import { setTimeout as sleep } from "node:timers/promises";
import type { Host } from "@deploykit/core";
import { poll } from "./attach.ts";
import { confirmCommand } from "./remote-poll.ts";
import { stateDir } from "./state-dir.ts";

/** What became of an armed activation. */
export type Confirmation =
  | { readonly kind: "confirmed"; readonly afterMs: number }
  | { readonly kind: "rolled-back" | "rollback-failed" | "unreachable"; readonly reason: string };

export type ConfirmOptions = {
  readonly confirmTimeoutS: number;
  /** The host's `meta.healthCheck`, else the systemd check. */
  readonly healthCheck: string | undefined;
  readonly healthTimeoutS: number;
  readonly connectTimeoutS: number;
  /** How long after the confirm timeout dk still tries to reach the host to learn what it did. */
  readonly probeForS: number;
  /** Ctrl-C: confirming stops at once; nobody confirms, so an armed host rolls back by itself. */
  readonly signal?: AbortSignal | undefined;
};

/**
 * Confirms the activation only over a new ssh connection and after the health check passed on the host. A host that
 * cannot be reached rolls back by itself at its deadline; dk keeps trying to reach it until `confirmTimeoutS +
 * probeForS` and then reports what the host did, or that it stayed unreachable.
 */
export async function confirmActivation(host: Host<unknown>, id: string, o: ConfirmOptions): Promise<Confirmation> {
  const started = Date.now();
  const giveUpAt = started + (o.confirmTimeoutS + o.probeForS) * 1000;
  // The shared connection predates the new system: only a new one proves that ssh still works.
  await host.closeConnection();
  let lastError: string | undefined;
  for (let attempt = 0; ; attempt++) {
    const command = confirmCommand(id, o.healthCheck, o.healthTimeoutS);
    o.signal?.throwIfAborted();
    // One run holds the health check (up to its timeout) and then the host's decision (15 s): cut shorter, the check
    // would only start again.
    const pollWaitS = o.healthTimeoutS + 15;
    const polled = await poll(host, command, { connectTimeoutS: o.connectTimeoutS, pollWaitS, signal: o.signal }, true);
    if ("error" in polled) {
      lastError = polled.error;
    } else {
      const { status } = polled;
      const unreached = lastError === undefined ? "" : ` (dk could not open a new ssh connection: ${lastError})`;
      if (status.phase === "confirmed") return { kind: "confirmed", afterMs: Date.now() - started };
      if (status.phase === "rolled-back") return { kind: "rolled-back", reason: `${status.reason}${unreached}` };
      if (status.phase === "rollback-failed")
        return { kind: "rollback-failed", reason: rollbackFailed(status.reason, id) };
      if (!status.known) {
        return { kind: "unreachable", reason: "its activation state is gone (rebooted?); check the host by hand" };
      }
    }
    if (Date.now() >= giveUpAt) {
      return {
        kind: "unreachable",
        reason:
          `no new ssh connection for ${duration(Date.now() - started)}: ${lastError ?? "no answer"}; ` +
          `it rolls back by itself ${o.confirmTimeoutS} s after its activation unless confirmed: check its console`,
      };
    }
    await sleep(Math.min(5000, 500 * 2 ** attempt), undefined, { signal: o.signal });
  }
}

/** Why an activation's rollback failed (`why` it rolled back, then that going back failed), and where to look. */
export const rollbackFailed = (why: string, id: string) =>
  `${why}, and going back to the system it ran before failed too: it may still run the new system; see why in ` +
  `${stateDir(id)}/log on the host, which names the system to switch back to by hand`;
