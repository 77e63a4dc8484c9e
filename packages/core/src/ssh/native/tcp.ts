import type { Socket } from "node:net";
import { earlyConnections, room } from "./descriptors.ts";
import type { ResolvedSsh } from "../resolve/resolved.ts";
import { Holds } from "./holds.ts";
import { connectTcp } from "./tcp-attempts.ts";

const early = new Map<string, { made: Promise<Socket>; holds: Holds; stop: AbortController }>();
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
  const stop = new AbortController();
  const made = connectTcp(resolved, holds, stop.signal);
  // A failure is the taker's to report; unused, it is nobody's.
  made.catch(() => {});
  early.set(key, { made, holds, stop });
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
 * ssh: ConnectionAttempts tries, a second apart, each with a ConnectTimeout of its own. `stop` ends the attempt.
 */
export function tcp(resolved: ResolvedSsh, stop?: AbortSignal): Promise<Socket> {
  const started = early.get(keyOf(resolved));
  if (started !== undefined) {
    early.delete(keyOf(resolved));
    // Its tries left (ConnectionAttempts) and their sleeps now keep this process alive, as the taker's own would.
    started.holds.want();
    if (stop?.aborted) started.stop.abort();
    else stop?.addEventListener("abort", () => started.stop.abort(), { once: true });
    return started.made;
  }
  return connectTcp(resolved, undefined, stop);
}
