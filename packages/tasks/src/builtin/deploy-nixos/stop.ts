import type { Host } from "@deploykit/core";
import { stateDir } from "./state-dir.ts";
import { poll } from "./attach.ts";
import type { InterruptAnswer } from "./ask.ts";
import { DeployStop } from "./errors.ts";
import { stopCommand } from "./remote-poll.ts";
import { leaveNotice, type Running } from "./running.ts";
import type { NixosAction } from "./types.ts";

/** Seconds dk waits on a host for its activation to stop (and roll back what changed) after Ctrl-C. */
export const STOP_WAIT_S = 15;
const CONNECT_TIMEOUT_S = 5;

/**
 * What Ctrl-C made of one running activation, as the host's failure: "stopped" (it says whether something was rolled
 * back), "stop failed" (why, and what the host does now), or "left running" (after the notice on how to follow it).
 */
export async function settleInterrupted(
  host: Host<unknown>,
  running: Running,
  answer: InterruptAnswer,
  stderr: NodeJS.WritableStream = process.stderr,
): Promise<DeployStop> {
  if (answer === "leave") {
    stderr.write(leaveNotice(running));
    const fate = running.confirmTimeoutS === undefined ? "" : " (it rolls back by itself unless confirmed)";
    return new DeployStop("nixos-rebuild", "left running", `left running${fate}: follow it: tail -f ${log(running)}`);
  }
  const stop = await stopActivation(host, running);
  stderr.write(`[${running.host}] ${stop.message}\n`);
  return stop;
}

// An activation with no rollback armed that ended before the stop reached it, and what it left: a build nothing, a boot
// the new system as the boot default only.
function finished(action: NixosAction): DeployStop {
  if (action === "build" || action === "dry-activate") {
    return new DeployStop(
      "nixos-rebuild",
      "stopped",
      `stopped: nixos-rebuild ${action} had ended; the system did not change`,
    );
  }
  const left =
    action === "boot"
      ? "the host boots the new system at its next reboot, and runs the old one until then"
      : "it runs the new system";
  return new DeployStop(
    "nixos-rebuild",
    "stop failed",
    `not stopped: the ${action} was already under way with no rollback armed, and finished; ${left}`,
  );
}

const log = (running: Running) => `${stateDir(running.id)}/log`;

// Runs the stop on the host over a new connection (the followed one was cut by Ctrl-C) and reads what it left.
async function stopActivation(host: Host<unknown>, running: Running): Promise<DeployStop> {
  const polled = await poll(
    host,
    stopCommand(running.id, STOP_WAIT_S),
    { connectTimeoutS: CONNECT_TIMEOUT_S, pollWaitS: STOP_WAIT_S },
    true,
  );
  const failed = (why: string) => {
    const fate = running.confirmTimeoutS === undefined ? "" : " (it rolls back by itself, since nobody confirms it)";
    return new DeployStop("nixos-rebuild", "stop failed", `stop failed: ${why}; it may keep running${fate}`);
  };
  if ("error" in polled) return failed(`${polled.error}; stop it on the host: kill $(cat ${stateDir(running.id)}/pid)`);
  const { status } = polled;
  if (!status.known) return failed("its state on the host is gone (did it reboot?); check the host by hand");
  if (status.alive) return failed(`still ${status.phase} after ${STOP_WAIT_S} s; follow it: tail -f ${log(running)}`);
  const stopped = (text: string) => new DeployStop("nixos-rebuild", "stopped", `stopped: ${text}`);
  switch (status.phase) {
    case "stopped":
      return stopped("nixos-rebuild did not change the system");
    case "rolled-back":
      return stopped("rolled back to the system it ran before");
    case "rollback-failed":
      return failed(`rolling back to the system it ran before failed; see ${log(running)}`);
    case "failed":
      return stopped(`nixos-rebuild had already failed (exit ${status.exitCode ?? "?"}); the system did not change`);
    case "done":
      return finished(running.action);
    case "confirmed":
      return new DeployStop(
        "nixos-rebuild",
        "stop failed",
        "not stopped: dk had already confirmed it; it runs the new system",
      );
    default:
      return failed(`the activation ended while ${status.phase}, without a word; see ${log(running)}`);
  }
}
