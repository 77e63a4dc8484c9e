import type { Duplex } from "node:stream";
import type { ResolvedSsh } from "../resolve/resolved.ts";

/** The connection's failure when the packet timeout ends it. */
export class PacketTimeout extends Error {}

// As ssh's packet timeout: from `start` (the server's identification came), ServerAliveInterval x ServerAliveCountMax
// with nothing read while the key exchange and the login wait on the server fails the connection (the pool's
// keep-alives come after). Not while the login waits on something else (`elsewhere`: the agent signing), as ssh, which
// reads nothing from the server then.
export function packetTimeout(
  socket: Duplex,
  resolved: ResolvedSsh,
  timedOut: () => void,
  elsewhere: () => boolean = () => false,
): Silence {
  const limit = resolved.serverAliveInterval * resolved.serverAliveCountMax * 1000;
  if (limit <= 0) return { start: () => {}, stop: () => {} };
  let last = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const check = () => {
    if (elsewhere()) last = Date.now();
    const quiet = Date.now() - last;
    if (quiet >= limit) return timedOut();
    timer = setTimeout(check, limit - quiet);
  };
  const heard = () => void (last = Date.now());
  const stop = () => ((stopped = true), clearTimeout(timer), socket.removeListener("data", heard));
  socket.once("close", stop);
  return {
    start: () => void (stopped || ((last = Date.now()), socket.on("data", heard), (timer = setTimeout(check, limit)))),
    stop,
  };
}

/** The packet timeout's clock. */
export type Silence = { start(): void; stop(): void };
