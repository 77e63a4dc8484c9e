import type { ClientChannel } from "ssh2";
import { unlessAborted } from "../../run/abortable.ts";
import type { ChannelChild } from "./channel-child.ts";
import type { Connection } from "./tracked-connection.ts";

// Ends the connection's guardian for good, and resolves once its session is closed; false if it has none.
async function retireGuard(conn: Connection): Promise<boolean> {
  const guard = await conn.guard?.ready;
  if (guard === undefined || !guard.open) return false;
  conn.guard = { ready: Promise.resolve(undefined) };
  await guard.end();
  return true;
}

// A round trip: sshd reads the request on a turn of its loop, and frees closed sessions at the end of each turn.
function settled(conn: Connection): Promise<void> {
  return new Promise((resolve) => conn.client.unforwardIn("127.0.0.1", 0, () => resolve()));
}

/**
 * A new session channel of `conn` running `command`, made into a child by `make`. Past the server's MaxSessions it
 * waits for one of this connection's other channels to close and asks again (as many commands at once as a
 * ControlMaster would allow, and no failure). While another of ours is still being opened it asks again a round trip
 * later: that command may run under the guardian, which stops its commands as it ends. With none of ours open, the
 * guardian's session gives way (no command of its is running: its commands then keep their watchdogs), or else it
 * asks again a round trip later (sshd frees a closed session only on a later turn of its loop, which our next message
 * starts): refused four times so, it fails.
 * A stop (`signal`) ends the wait for a slot, and the refusal is the error.
 * The child is made in ssh2's callback itself: a fast command's exit status and close can arrive in the same read as
 * the channel's confirmation, before any later tick could listen for them.
 */
export async function exec(
  conn: Connection,
  command: string,
  env: Record<string, string>,
  make: (channel: ClientChannel) => ChannelChild,
  signal: AbortSignal,
): Promise<ChannelChild> {
  let refused = 0;
  for (;;) {
    try {
      return await new Promise<ChannelChild>((resolve, reject) => {
        conn.client.exec(command, { env }, (error, channel) => {
          conn.opening--;
          if (error) return reject(error);
          const child = make(channel);
          conn.channels++;
          resolve(child);
        });
        // Counted once asked for (an answer that came at once took it back already): exec throws ("Not connected")
        // before asking, and then no answer comes.
        conn.opening++;
      });
    } catch (error) {
      if (conn.dead !== undefined || signal.aborted) throw error;
      if (conn.channels > 0) {
        await unlessAborted(new Promise<void>((resolve) => conn.freed.add(resolve)), signal);
        if (signal.aborted) throw error;
        refused = 0;
      } else if (conn.opening === 0 && !(await retireGuard(conn)) && ++refused > 3) throw error;
      await settled(conn);
    }
  }
}
