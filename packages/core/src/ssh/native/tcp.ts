import { strerror } from "../strerror.ts";
import { isIP, connect as tcpConnect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { DescriptorLimitError } from "../../run/spawn-child.ts";
import { earlyConnections, room } from "./descriptors.ts";
import type { ResolvedSsh } from "../resolve/resolved.ts";
import { interfaceAddress } from "./bind-interface.ts";
import { Holds } from "./holds.ts";
import { ConnectFailure } from "./failure.ts";
import { say } from "./messages.ts";

const early = new Map<string, { made: Promise<Socket>; holds: Holds }>();
const keyOf = (r: ResolvedSsh) =>
  `${r.hostname}\0${r.port}\0${r.addressFamily}\0${r.bindAddress ?? ""}\0${r.bindInterface ?? ""}`;

/**
 * Starts the TCP connection to `resolved` ahead of its first use, so that the server's side of it (sshd's fork, its
 * banner) happens while this process still loads ssh2 and reads keys. The next `tcp()` for that address takes it.
 */
export function connectEarly(resolved: ResolvedSsh): void {
  const key = keyOf(resolved);
  // Only with room to spare: ssh2's load and the logins that follow must never go short for it.
  if (early.has(key) || !room(1)) return;
  const holds = new Holds();
  const made = connected(resolved, holds);
  // A failure is the taker's to report; unused, it is nobody's.
  made.catch(() => {});
  early.set(key, { made, holds });
}

/** Closes the oldest early connection not taken yet, short of descriptors (its host connects anew); false if none. */
export function dropOneEarly(): boolean {
  const oldest = early.entries().next().value;
  if (oldest === undefined) return false;
  early.delete(oldest[0]);
  void oldest[1].made.then(
    (socket) => socket.destroy(),
    () => {},
  );
  return true;
}

earlyConnections({ count: () => early.size, drop: dropOneEarly });

/** Closes an early connection nobody will take (the host turned out to need ssh). */
export function dropEarly(resolved: ResolvedSsh): void {
  const made = early.get(keyOf(resolved))?.made;
  early.delete(keyOf(resolved));
  void made?.then(
    (socket) => socket.destroy(),
    () => {},
  );
}

/**
 * The TCP connection to `resolved`, bounded by ConnectTimeout, failing with ssh's words; an early one if started. As
 * ssh: ConnectionAttempts tries, a second apart, each with a ConnectTimeout of its own.
 */
export function tcp(resolved: ResolvedSsh): Promise<Socket> {
  const started = early.get(keyOf(resolved));
  if (started !== undefined) {
    early.delete(keyOf(resolved));
    // Its tries left (ConnectionAttempts) and their sleeps now keep this process alive, as the taker's own would.
    started.holds.want();
    return started.made;
  }
  return connected(resolved, undefined);
}

// The connection's tries, unless its address is of the other family: one ssh does not look up (Node would connect to
// it all the same), early or not.
function connected(resolved: ResolvedSsh, holds: Holds | undefined): Promise<Socket> {
  const { hostname, addressFamily: family } = resolved;
  if (family !== 0 && isIP(hostname) !== 0 && isIP(hostname) !== family) {
    return Promise.reject(new ConnectFailure(say.unresolved(hostname, "Address family for hostname not supported")));
  }
  return attempts(resolved, holds);
}

// When the server's banner must have come: ssh's ConnectTimeout bounds the connection that got through and the banner
// together (what the connection left of it is the banner's).
const deadlines = new WeakMap<Duplex, number>();

/** The time (Date.now()) by which `socket`'s server must have sent its banner, when ConnectTimeout is set. */
export function bannerDeadline(socket: Duplex): number | undefined {
  return deadlines.get(socket);
}

async function attempts(resolved: ResolvedSsh, holds: Holds | undefined): Promise<Socket> {
  for (let tried = 1; ; tried++) {
    try {
      return await attempt(resolved, holds);
    } catch (error) {
      // A name that does not resolve is looked up once, and this machine's descriptor limit is no host's failure.
      const again =
        error instanceof ConnectFailure &&
        !(error instanceof ResetFailure) &&
        !/Could not resolve hostname/.test(error.message);
      if (!again || tried >= resolved.connectionAttempts) throw error;
    }
    await new Promise<void>((slept) => {
      const timer = setTimeout(slept, 1000);
      holds?.hold(timer);
    });
  }
}

// ssh's line for a reset during the banner exchange (kex_exchange_identification's read).
const RESET_READ = "kex_exchange_identification: read: Connection reset by peer";
class ResetFailure extends ConnectFailure {}

function attempt(resolved: ResolvedSsh, holds: Holds | undefined): Promise<Socket> {
  const { hostname, port, connectTimeout } = resolved;
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
            () => (socket.destroy(), reject(new ConnectFailure(say.timedOut(hostname, port)))),
            connectTimeout * 1000,
          );
    if (timer !== undefined) holds?.hold(timer);
    // Small packets go at once, as ssh sends them (Nagle would hold each command's request for an ACK).
    socket.setNoDelay(true);
    socket.once("connect", () => (clearTimeout(timer), resolve(socket)));
    socket.once("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const code = error.code ?? "";
      // ssh's two lines for a BindAddress it cannot bind: the reason, then the connection's "failure".
      if (error.syscall === "bind") {
        return reject(new ConnectFailure(say.unbound(localAddress!, strerror(code) ?? code, hostname, port)));
      }
      // Out of descriptors is this machine's limit, not the host's fault: say which limit and what to do.
      if (code === "EMFILE" || code === "ENFILE") return reject(new DescriptorLimitError(code));
      if (code === "ECONNREFUSED") return reject(new ConnectFailure(say.refused(hostname, port)));
      // The server accepted, then reset: ssh, connected by then, fails reading its banner (and tries no more).
      if (code === "ECONNRESET") return reject(new ResetFailure(`${RESET_READ}\n${say.reset(hostname, port)}`));
      if (code === "ENOTFOUND" || code === "EAI_AGAIN") return reject(new ConnectFailure(say.unresolved(hostname)));
      if (code === "ETIMEDOUT") return reject(new ConnectFailure(say.timedOut(hostname, port)));
      if (code === "EHOSTUNREACH")
        return reject(new ConnectFailure(say.unreachable(hostname, port, "No route to host")));
      if (code === "ENETUNREACH")
        return reject(new ConnectFailure(say.unreachable(hostname, port, "Network is unreachable")));
      reject(new ConnectFailure(say.unreachable(hostname, port, error.message)));
    });
  });
}

// BindAddress (an address: a name goes to ssh) as ssh binds to it: only addresses of its family are connected to, and
// a host or AddressFamily of the other family fails as ssh's lookup of the bind address for that family does. Else
// BindInterface's address of the target's family (known: see bind-interface.ts), or ssh's failure without one.
function bindTo(resolved: ResolvedSsh): { family: number; localAddress?: string } | { failed: string } {
  const { hostname, port, addressFamily, bindAddress: address, bindInterface } = resolved;
  if (address === undefined && bindInterface !== undefined) {
    const family = isIP(hostname) === 0 ? addressFamily : isIP(hostname);
    if (family !== 4 && family !== 6) return { family };
    const localAddress = interfaceAddress(bindInterface, family);
    if (localAddress === undefined) return { failed: say.noInterfaceAddress(bindInterface, hostname, port) };
    return { family, localAddress };
  }
  if (address === undefined) return { family: addressFamily };
  const family = isIP(address);
  const other =
    (addressFamily !== 0 && addressFamily !== family) || (isIP(hostname) !== 0 && isIP(hostname) !== family);
  if (!other) return { family, localAddress: address };
  return { failed: say.bindFamily(address, hostname, port) };
}
