import type { Duplex } from "node:stream";
import type { Client } from "ssh2";
import type { ResolvedSsh } from "../resolve/resolved.ts";

/** Probes `client` as ssh's ServerAliveInterval does while started; `onDead` once CountMax probes went unanswered. */
export function serverAlive(
  client: Client,
  socket: Duplex,
  resolved: ResolvedSsh,
  onDead: () => void,
): { start(): void; stop(): void } {
  const { serverAliveInterval, serverAliveCountMax } = resolved;
  let timer: NodeJS.Timeout | undefined;
  const interval = serverAliveInterval * 1000;
  // When the next check is due: an interval after the last packet read or the last probe, as ssh schedules it.
  let due = 0;
  let missed = 0;
  socket.on("data", () => ((due = Date.now() + interval), (missed = 0)));
  // A probe an interval after the last packet (or probe), and the connection is dropped at the check after CountMax
  // of them, counted since the last packet read, whatever it was.
  function alive() {
    const now = Date.now();
    if (now < due) return void (timer = setTimeout(alive, due - now));
    if (++missed > serverAliveCountMax) return onDead();
    // Any reply (even a refusal) is a packet read. A socket that takes no more writes (closing) makes ssh2 throw "Not
    // connected" from this timer: it is sent nothing, and its close stops the checks, or else the count runs out.
    try {
      client.unforwardIn("127.0.0.1", 0, () => {});
    } catch {}
    due = now + interval;
    timer = setTimeout(alive, interval);
  }
  return {
    start() {
      if (interval > 0) {
        due = Date.now() + interval;
        timer = setTimeout(alive, interval);
      }
    },
    stop: () => clearTimeout(timer),
  };
}
