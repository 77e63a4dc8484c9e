import type { Busy } from "./busy-hosts.ts";
import type { Io } from "./types.ts";

/**
 * After a task returned, one turn of the event loop lets a rejection it left unhandled be reported instead of lost at
 * dk's exit. Commands it started without awaiting them (a missing await, most likely) that run by then would be cut
 * off at the exit: dk says so and waits for them, as Node would, and so for the rejection of one that fails. A command
 * still connecting at that turn is not seen.
 */
export async function awaitLeftRunning(task: string, busy: Busy | undefined, io: Io): Promise<void> {
  await nextTurn();
  const hosts = busy?.hosts() ?? [];
  if (hosts.length > 0) {
    const what = hosts.length === 1 ? "a command it started still runs" : "commands it started still run";
    const them = hosts.length === 1 ? "it" : "them";
    io.stderr.write(
      `dk: task "${task}" returned while ${what} (on ${hosts.join(", ")}; a missing await?): waiting for ${them}\n`,
    );
    await busy!.idle();
    await nextTurn();
  }
}

function nextTurn(): Promise<unknown> {
  return new Promise((resolve) => setImmediate(resolve));
}
