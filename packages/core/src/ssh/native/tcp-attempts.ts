import { connect as tcpConnect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { ResolvedSsh } from "../resolve/resolved.ts";
import { bindTo, otherFamily } from "./address-family.ts";
import type { Holds } from "./holds.ts";
import { Abandoned, ConnectFailure } from "./failure.ts";
import { say } from "./messages.ts";
import { ResetFailure, tcpError } from "./tcp-error.ts";

/**
 * The TCP connection to `resolved`, failing with ssh's words: ConnectionAttempts tries, a second apart, each bounded by
 * a ConnectTimeout of its own; none to an address of the other family. An early one's sockets and timers go in `holds`.
 * Once `stop` aborts, the attempt under way ends (Abandoned), its socket and timers with it.
 */
export function connectTcp(resolved: ResolvedSsh, holds: Holds | undefined, stop?: AbortSignal): Promise<Socket> {
  const refused = otherFamily(resolved);
  if (refused !== undefined) return Promise.reject(new ConnectFailure(refused));
  return attempts(resolved, holds, stop);
}

// When the server's banner must have come: ssh's ConnectTimeout bounds the connection that got through and the banner
// together (what the connection left of it is the banner's).
const deadlines = new WeakMap<Duplex, number>();

/** The time (Date.now()) by which `socket`'s server must have sent its banner, when ConnectTimeout is set. */
export function bannerDeadline(socket: Duplex): number | undefined {
  return deadlines.get(socket);
}

async function attempts(
  resolved: ResolvedSsh,
  holds: Holds | undefined,
  stop: AbortSignal | undefined,
): Promise<Socket> {
  for (let tried = 1; ; tried++) {
    try {
      return await attempt(resolved, holds, stop);
    } catch (error) {
      // A name that does not resolve is looked up once, and this machine's descriptor limit is no host's failure.
      const again =
        error instanceof ConnectFailure &&
        !(error instanceof ResetFailure) &&
        !/Could not resolve hostname/.test(error.message);
      if (!again || tried >= resolved.connectionAttempts) throw error;
    }
    await new Promise<void>((slept, stopped) => {
      const timer = setTimeout(() => (stop?.removeEventListener("abort", abandon), slept()), 1000);
      const abandon = () => (clearTimeout(timer), stopped(new Abandoned()));
      stop?.addEventListener("abort", abandon, { once: true });
      holds?.hold(timer);
    });
  }
}

function attempt(resolved: ResolvedSsh, holds: Holds | undefined, stop: AbortSignal | undefined): Promise<Socket> {
  const { hostname, port, connectTimeout } = resolved;
  if (stop?.aborted) return Promise.reject(new Abandoned());
  const local = bindTo(resolved);
  if ("failed" in local) return Promise.reject(new ConnectFailure(local.failed));
  const { family, localAddress } = local;
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({
      host: hostname,
      port,
      family,
      ...(localAddress === undefined ? {} : { localAddress }),
    });
    if (connectTimeout !== undefined) deadlines.set(socket, Date.now() + connectTimeout * 1000);
    holds?.hold(socket);
    const timer =
      connectTimeout === undefined
        ? undefined
        : setTimeout(
            () => (settled(), socket.destroy(), reject(new ConnectFailure(say.timedOut(hostname, port)))),
            connectTimeout * 1000,
          );
    if (timer !== undefined) holds?.hold(timer);
    // Small packets go at once, as ssh sends them (Nagle would hold each command's request for an ACK).
    socket.setNoDelay(true);
    // TCPKeepAlive (yes unless set off, as ssh): without it a host that vanishes mid-command is never noticed.
    socket.setKeepAlive(tcpKeepAlive(resolved));
    const abandon = () => (clearTimeout(timer), socket.destroy(), reject(new Abandoned()));
    stop?.addEventListener("abort", abandon, { once: true });
    const settled = () => (clearTimeout(timer), stop?.removeEventListener("abort", abandon));
    socket.once("connect", () => (settled(), resolve(socket)));
    socket.once("error", (error: NodeJS.ErrnoException) => {
      settled();
      reject(tcpError(error, hostname, port, localAddress));
    });
  });
}

// ssh takes yes/true and no/false (its config parser refused anything else before this is read).
function tcpKeepAlive(resolved: ResolvedSsh): boolean {
  const value = resolved.options.get("tcpkeepalive")?.[0]?.toLowerCase();
  return value !== "no" && value !== "false";
}
