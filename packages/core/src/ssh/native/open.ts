import type { ClientChannel } from "ssh2";
import type { Opener } from "../../run/child.ts";
import { matchPattern } from "../resolve/patterns.ts";
import type { ResolvedSsh } from "../resolve/resolve.ts";
import { ChannelChild, FailedChild } from "./channel-child.ts";
import { Guard } from "./guard.ts";
import { ConnectFailure, type Hop } from "./connect.ts";
import { say } from "./messages.ts";
import { connection, type Connection } from "./pool.ts";

/**
 * Runs `command` (the remote command line, as for ssh) in a new channel of the host's connection: the pooled one, or
 * with `fresh` one of its own, closed when the command ends. A failed connection is a command that printed ssh's
 * message and exited 255.
 */
export function nativeOpener(chain: readonly Hop[], command: string, fresh: boolean): Opener {
  return async () => {
    let conn: Connection;
    let child: ChannelChild;
    // A connection that dies before the command started (its host stopped answering) is replaced once, as ssh falls
    // back from a dead ControlMaster to a connection of its own: the command has not run yet.
    for (let attempt = 0; ; attempt++) {
      try {
        conn = await connection(chain, fresh);
      } catch (error) {
        if (error instanceof ConnectFailure) return { child: new FailedChild(error.lines), release: () => {} };
        throw error;
      }
      conn.acquire();
      const guarded = guardOf(conn)?.wrap(command);
      try {
        const lost = (c: Connection) => () => c.dead ?? say.lost(c.hop.resolved.hostname, c.hop.resolved.port);
        const notes = chain.flatMap((hop) => hop.notes.splice(0));
        child = await exec(
          conn,
          guarded?.line ?? command,
          environment(conn.hop.resolved),
          (ch) => new ChannelChild(ch, notes, lost(conn), guarded?.watch),
        );
        break;
      } catch (error) {
        guarded?.watch.done();
        conn.release();
        if (conn.dead !== undefined && attempt === 0) continue;
        const why = error instanceof Error ? error.message : String(error);
        return { child: new FailedChild(conn.dead ?? say.channelRefused(why)), release: () => {} };
      }
    }
    if (!fresh) startGuard(conn);
    child.once("exit", () => {
      conn.channels--;
      const waiting = Array.from(conn.freed);
      conn.freed.clear();
      for (const wake of waiting) wake();
    });
    return {
      child,
      release: () => {
        conn.release();
        if (fresh) conn.close();
      },
    };
  };
}

// From a connection's second command on, its commands run under one guardian rather than a watchdog each (guard.ts).
// It starts once that command's channel is open, in the background (so a host that allows one session per connection
// refuses it, not a command); a command that comes before it is ready runs with its watchdog.
function startGuard(conn: Connection): void {
  if (conn.guard !== undefined || ++conn.commands < 2) return;
  const slot: NonNullable<Connection["guard"]> = { ready: Guard.start(conn.client) };
  void slot.ready.then((guard) => (slot.now = guard));
  conn.guard = slot;
}

function guardOf(conn: Connection): Guard | undefined {
  const guard = conn.guard?.now;
  return guard?.open ? guard : undefined;
}

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

// A new session channel running `command`. Past the server's MaxSessions it waits for one of this connection's other
// channels to close and asks again (as many commands at once as a ControlMaster would allow, and no failure). With
// none of ours open, the guardian's session gives way (no command of its is running: its commands then keep their
// watchdogs), or else it asks again a round trip later (sshd frees a closed session only on a later turn of its loop,
// which our next message starts): refused four times so, it fails.
// The child is made in ssh2's callback itself: a fast command's exit status and close can arrive in the same read as
// the channel's confirmation, before any later tick could listen for them.
async function exec(
  conn: Connection,
  command: string,
  env: Record<string, string>,
  make: (channel: ClientChannel) => ChannelChild,
): Promise<ChannelChild> {
  let refused = 0;
  for (;;) {
    try {
      const child = await new Promise<ChannelChild>((resolve, reject) =>
        conn.client.exec(command, { env }, (error, channel) => (error ? reject(error) : resolve(make(channel)))),
      );
      conn.channels++;
      return child;
    } catch (error) {
      if (conn.dead !== undefined) throw error;
      if (conn.channels > 0) {
        await new Promise<void>((resolve) => conn.freed.add(resolve));
        refused = 0;
      } else if (!(await retireGuard(conn)) && ++refused > 3) throw error;
      await settled(conn);
    }
  }
}

// What ssh sends along: SendEnv's patterns over this process's environment, and SetEnv's values.
function environment(resolved: ResolvedSsh): Record<string, string> {
  const env: Record<string, string> = {};
  const send = resolved.options.get("sendenv") ?? [];
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && send.some((p) => !p.startsWith("-") && matchPattern(name, p))) env[name] = value;
  }
  for (const pair of resolved.options.get("setenv") ?? []) {
    const at = pair.indexOf("=");
    if (at > 0) env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return env;
}
