import type { RunningChild } from "./child.ts";
import { killGroup, stoppingGroup } from "./process-groups.ts";

// After a stop: output is shown this long, then counted only (a flood from before the stop is not worth the wait)…
const CUT_MS = 250;
// …then TERM to the local process group (ssh's, over its own connection: the remote command had time to end)…
const TERM_MS = 750;
// …then KILL…
const KILL_MS = 1250;
// …and the run settles here (KILL first), whatever still holds its pipes (an ssh master, a stuck grandchild).
const GIVE_UP_MS = 2000;

export type StopHooks = {
  /** Stop showing and keeping output: whatever still arrives is a flood from before the stop. */
  readonly cut: () => void;
  /** Stop waiting: close our ends of the pipes, so the run settles now. */
  readonly giveUp: () => void;
};

/** How a run reaches its command: locally, over its own ssh connection, or over a shared one (a client of a master). */
export type StopMode = "local" | "ssh" | "shared";

/**
 * Stops a running command (timeout, abort, maxBuffer) so that the run settles within about 2 s, whatever the
 * command does with its output. Over ssh the first step closes ssh's stdin: the remote supervisor then kills the
 * command's process group while stdout and stderr keep flowing. A client of a shared connection is never
 * signalled before the end: the master stops draining the remote stderr once its client is gone, which would
 * leave the remote side blocked.
 */
export function stopper(child: RunningChild, mode: StopMode, hooks: StopHooks) {
  const timers: NodeJS.Timeout[] = [];
  let fired = false;
  // The group, not the child: what it started (a pipeline, a background job) goes too, even after it exited.
  // A native channel has no process: closing the channel is its TERM and KILL.
  const group = (signal: NodeJS.Signals) =>
    child.pid !== undefined ? killGroup(child.pid, signal) : child.kill(signal);
  const giveUp = () => (group("SIGKILL"), hooks.giveUp());
  return {
    fire(): void {
      if (fired) return;
      fired = true;
      if (child.pid !== undefined) stoppingGroup(child.pid);
      if (mode === "local") group("SIGTERM");
      else child.stdin?.end();
      timers.push(setTimeout(hooks.cut, CUT_MS), setTimeout(giveUp, GIVE_UP_MS));
      if (mode !== "shared")
        timers.push(
          setTimeout(() => group("SIGTERM"), TERM_MS),
          setTimeout(() => group("SIGKILL"), KILL_MS),
        );
    },
    /** The run has settled: no step is left to take. */
    dispose(): void {
      for (const timer of timers) clearTimeout(timer);
    },
  };
}
