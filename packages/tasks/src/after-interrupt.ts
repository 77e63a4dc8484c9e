import { nextTurn } from "./left-running.ts";
import { READER_GONE } from "./reader-gone.ts";
import { awaitTaskEnd } from "./task-end.ts";
import type { Io } from "./types.ts";

type Core = typeof import("@deploykit/core");

// Each stopped command settles within about 2 s (core's stop sequence); past this dk exits all the same, as it does at
// a second Ctrl-C.
const WAIT_MS = 5000;

/**
 * What dk waits for after Ctrl-C or SIGTERM (`code` 130, 143) before it exits: every command running then stops as
 * an abort would stop it, its output (a trap's last words) shown meanwhile, unless a task holds the exit to stop its
 * own (deploy-nixos); then whatever holds the exit; then the task's own end (`ending`: its clean-up, see awaitTaskEnd).
 * With the reader of dk's output gone, nothing could be shown: the commands stop as dk exits.
 */
export async function afterInterrupt(
  core: Core,
  code: number,
  task: { readonly name: string; readonly ending: () => Promise<unknown> | undefined; readonly io: Io },
): Promise<void> {
  // The signal's other listeners run first: a task's takes its hold on the exit there.
  await nextTurn();
  if (code !== READER_GONE && !core.exitHeld()) {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, WAIT_MS)));
    await Promise.race([core.stopRunning(), late]).finally(() => clearTimeout(timer));
  }
  await core.exitHolds();
  if (code !== READER_GONE) await awaitTaskEnd(task.ending(), task.name, core, task.io);
}
