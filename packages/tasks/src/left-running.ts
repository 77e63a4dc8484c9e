import type { Core } from "./task-output.ts";
import type { Io } from "./types.ts";

/**
 * After a task returned, one turn of the event loop lets a rejection it left unhandled be reported instead of lost at
 * dk's exit. Commands it started without awaiting them (a missing await, most likely) that are still in flight then,
 * running or still connecting, would be cut off at the exit: dk says so and waits for them, as Node would, and so for
 * the rejection of one that fails; and for what they start in turn (a group call's next command).
 */
export async function awaitLeftRunning(task: string, core: Pick<Core, "inFlight" | "noneInFlight">, io: Io) {
  await nextTurn();
  const hosts = core.inFlight();
  if (hosts.length === 0) return;
  const what = hosts.length === 1 ? "a command it started still runs" : "commands it started still run";
  const them = hosts.length === 1 ? "it" : "them";
  io.stderr.write(
    `dk: task "${task}" returned while ${what} (on ${hosts.join(", ")}; a missing await?): waiting for ${them}\n`,
  );
  await untilIdle(core);
}

/**
 * Settles once nothing is in flight, nor started by what settled last (a group call's next command, the next line of
 * a task after an await). Bounded by the work itself: each round waits until nothing is in flight.
 */
export async function untilIdle(core: Pick<Core, "inFlight" | "noneInFlight">): Promise<void> {
  do {
    await core.noneInFlight();
    await nextTurn();
  } while (core.inFlight().length > 0);
}

/** One turn of the event loop: what Node has to tell by then (a rejection left unhandled) has been told. */
export function nextTurn(): Promise<unknown> {
  return new Promise((resolve) => setImmediate(resolve));
}
