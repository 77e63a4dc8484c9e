import { nextTurn, untilIdle } from "./left-running.ts";
import type { Core } from "./task-output.ts";
import type { Io } from "./types.ts";

/** How long dk waits at most after Ctrl-C for a task's own clean-up (the commands of its catch and finally blocks). */
export const TASK_END_MS = 30_000;

/**
 * After Ctrl-C has stopped the commands running then: the task's promise (`ending`, undefined before it was called)
 * settling, as long as the task runs commands, so that its catch and finally blocks run theirs to the end, as a
 * Python task's do after KeyboardInterrupt. A task that runs none (waiting on a timer of its own) is not waited for,
 * as before; nor past `ms`. Said once, naming the hosts; the wait itself holds no process open.
 */
export async function awaitTaskEnd(
  ending: Promise<unknown> | undefined,
  task: string,
  core: Pick<Core, "inFlight" | "noneInFlight">,
  io: Io,
  ms = TASK_END_MS,
): Promise<void> {
  if (ending === undefined) return;
  let ended = false;
  const done = ending.then(
    () => (ended = true),
    () => (ended = true),
  );
  await nextTurn();
  const hosts = core.inFlight();
  if (ended || hosts.length === 0) return;
  const seconds = Math.round(ms / 1000);
  io.stderr.write(
    `dk: waiting for task "${task}" to end: its clean-up runs commands on ${hosts.join(", ")} ` +
      `(at most ${seconds} s; Ctrl-C again exits now)\n`,
  );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms).unref()));
  const inTime = await Promise.race([done, untilIdle(core).then(() => true), late]);
  clearTimeout(timer);
  if (!inTime) io.stderr.write(`dk: task "${task}" has not ended after ${seconds} s: exiting, its commands stopped\n`);
}
