import type { Duplex } from "node:stream";
import { Abandoned, ConnectFailure } from "./failure.ts";
import type { Hop } from "./hop.ts";
import { say } from "./messages.ts";
import type { Connection } from "./tracked-connection.ts";

/**
 * The way to `hop` through the jump hosts before it: their connection (`reach`), then a channel through the last (ssh
 * -W, but inside this process). As in ssh, whose ConnectTimeout bounds the wait for the identification over its
 * ProxyJump command, the hop's ConnectTimeout bounds all of it from `started` (a silent jump host too); `stop` gives
 * it up.
 */
export async function throughJumps(
  hop: Hop,
  reach: (signal: AbortSignal) => Promise<Connection | undefined>,
  stop: AbortSignal,
  started: number,
): Promise<{ parent: Connection; sock: Duplex }> {
  const { hostname, port, connectTimeout } = hop.resolved;
  const bounded = new AbortController();
  const giveUp = () => bounded.abort();
  stop.addEventListener("abort", giveUp, { once: true });
  const left = connectTimeout === undefined ? undefined : started + connectTimeout * 1000 - Date.now();
  const timer = left === undefined ? undefined : setTimeout(giveUp, Math.max(left, 0));
  // Stopped, or ssh's words for an identification that did not come within ConnectTimeout.
  const failure = () => (stop.aborted ? new Abandoned() : new ConnectFailure(say.banner(hostname, port)));
  try {
    const parent = await reach(bounded.signal).catch((error: unknown) => {
      // After what the jump host's connection said, as ssh after its ProxyJump's ssh: a hint tells which hop failed.
      throw error instanceof ConnectFailure ? new ConnectFailure(`${error.lines}\n${say.jumpFailed()}`) : error;
    });
    if (parent === undefined) throw failure();
    return { parent, sock: await forward(parent, hop, bounded.signal, failure) };
  } finally {
    clearTimeout(timer);
    stop.removeEventListener("abort", giveUp);
  }
}

// A channel through the previous hop to the next one; one that opens after `signal` aborted is closed unused.
function forward(via: Connection, hop: Hop, signal: AbortSignal, failure: () => Error): Promise<Duplex> {
  const { hostname, port } = hop.resolved;
  if (signal.aborted) return Promise.reject(failure());
  via.acquire();
  return new Promise((resolve, reject) => {
    const stopped = () => reject(failure());
    signal.addEventListener("abort", stopped, { once: true });
    via.client.forwardOut("127.0.0.1", 0, hostname, port, (error, stream) => {
      signal.removeEventListener("abort", stopped);
      if (error) {
        via.release();
        return reject(new ConnectFailure(`channel 0: open failed: ${error.message}\n${say.lost(hostname, port)}`));
      }
      // The parent stays in use for as long as the hop through it is open.
      stream.once("close", () => via.release());
      if (signal.aborted) stream.destroy();
      else resolve(stream);
    });
  });
}
