import type { Duplex } from "node:stream";
import type { ResolvedSsh } from "../resolve/resolved.ts";

/** The connection's failure when the packet timeout ends it. */
export class PacketTimeout extends Error {}

// As ssh's packet timeout: once the server's banner came, ServerAliveInterval x ServerAliveCountMax with nothing read
// while the key exchange and the login wait on the server fails the connection (the pool's keep-alives come after).
export function packetTimeout(socket: Duplex, resolved: ResolvedSsh, timedOut: () => void): { stop(): void } {
  const limit = resolved.serverAliveInterval * resolved.serverAliveCountMax * 1000;
  if (limit <= 0) return { stop: () => {} };
  let last = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    const quiet = Date.now() - last;
    if (quiet >= limit) return timedOut();
    timer = setTimeout(check, limit - quiet);
  };
  const heard = () => void (last = Date.now());
  socket.once("data", () => ((last = Date.now()), (timer = setTimeout(check, limit))));
  socket.on("data", heard);
  socket.once("close", () => clearTimeout(timer));
  return { stop: () => (clearTimeout(timer), socket.removeListener("data", heard)) };
}
