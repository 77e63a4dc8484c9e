import type { ChildProcess } from "node:child_process";
import { killGroup } from "./process-groups.ts";

// After a stop: output is shown this long, then counted only (a flood from before the stop is not worth the wait)…
const CUT_MS = 500;
// …then TERM to the local process group (ssh's, over ssh: its remote command had time to end on its own)…
const TERM_MS = 1000;
// …then KILL…
const KILL_MS = 1500;
// …and the run settles here, whatever still holds its pipes (an ssh master, a stuck grandchild).
const GIVE_UP_MS = 2000;

export type StopHooks = {
  /** Stop showing and keeping output: whatever still arrives is a flood from before the stop. */
  readonly cut: () => void;
  /** Stop waiting: close our ends of the pipes, so the run settles now. */
  readonly giveUp: () => void;
};

/**
 * Stops a running command (timeout, abort, maxBuffer) so that the run settles within about 2 s, whatever the
 * command does with its output. Over ssh the first step closes ssh's stdin: the remote supervisor then kills the
 * command's process group, and stdout and stderr keep flowing (killing a multiplexed ssh client first would
 * leave the shared master unable to drain the remote stderr).
 */
export function stopper(child: ChildProcess, remote: boolean, hooks: StopHooks) {
  const timers: NodeJS.Timeout[] = [];
  let fired = false;
  // The group, not the child: what it started (a pipeline, a background job) goes too, even after it exited.
  const group = (signal: NodeJS.Signals) => child.pid !== undefined && killGroup(child.pid, signal);
  return {
    fire(): void {
      if (fired) return;
      fired = true;
      if (remote) child.stdin?.end();
      else group("SIGTERM");
      timers.push(
        setTimeout(hooks.cut, CUT_MS),
        setTimeout(() => group("SIGTERM"), TERM_MS),
        setTimeout(() => group("SIGKILL"), KILL_MS),
        setTimeout(hooks.giveUp, GIVE_UP_MS),
      );
    },
    /** The run has settled: no step is left to take. */
    dispose(): void {
      for (const timer of timers) clearTimeout(timer);
    },
  };
}
