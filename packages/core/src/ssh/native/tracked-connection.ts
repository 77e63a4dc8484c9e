import type { Duplex } from "node:stream";
import type { Client } from "ssh2";
import { changed, hold } from "./descriptors.ts";
import type { Guard } from "./guard.ts";
import type { Hop } from "./hop.ts";
import { say } from "./messages.ts";
import { serverAlive } from "./server-alive.ts";

/** One SSH connection of this process: its channels counted, kept alive while any is open, unreferenced when idle. */
export type Connection = {
  readonly client: Client;
  readonly hop: Hop;
  /** Set once it is gone: what ssh would have said. */
  dead?: string;
  /** Runs whenever a channel on it closes (a waiter for a free session slot). */
  readonly freed: Set<() => void>;
  active: number;
  /**
   * Command channels open on it now, and being opened (asked for, not yet answered); commands opened on it so far; its
   * guardian from the second on (guard.ts).
   */
  channels: number;
  opening: number;
  commands: number;
  guard?: { readonly ready: Promise<Guard | undefined>; now?: Guard | undefined };
  /** Takes a pooled connection out of the pool (set once pooled): the next command for its host opens a new one. */
  forget?: () => void;
  /** Handed to a command that has not acquired it yet: not to be closed for want of descriptors. */
  claimed: boolean;
  acquire(): void;
  release(): void;
  close(): void;
};

/** `client` as a Connection: referenced and kept alive while in use (its `parent` too), one of ours for descriptors. */
export function track(client: Client, socket: Duplex, hop: Hop, parent: Connection | undefined): Connection {
  const { hostname } = hop.resolved;
  // Since when no command or hop has used it: the least recently used is closed first under pressure.
  let since = Date.now();
  const unref = () => (socket as Partial<import("node:net").Socket>).unref?.();
  const ref = () => (socket as Partial<import("node:net").Socket>).ref?.();
  const alive = serverAlive(client, socket, hop.resolved, () => {
    conn.dead = say.aliveTimeout(hostname);
    conn.close();
  });
  const conn: Connection = {
    client,
    hop,
    freed: new Set(),
    active: 0,
    channels: 0,
    opening: 0,
    commands: 0,
    claimed: false,
    acquire() {
      if (conn.active++ === 0) {
        ref();
        parent?.acquire();
        alive.start();
      }
    },
    release() {
      if (--conn.active > 0) return;
      alive.stop();
      unref();
      parent?.release();
      since = Date.now();
      changed();
    },
    close() {
      client.end();
      socket.destroy();
    },
  };
  const unhold = hold({
    idle: () => conn.forget !== undefined && !conn.claimed && conn.active === 0 && conn.dead === undefined,
    since: () => since,
    direct: parent === undefined,
    close: () => (conn.forget?.(), (conn.dead = say.lost(hostname, hop.resolved.port)), conn.close()),
  });
  client.on("error", () => {});
  client.once("close", () => {
    unhold();
    alive.stop();
    conn.dead ??= say.closedByRemote(hostname);
  });
  unref();
  return conn;
}
