import type { ClientChannel } from "ssh2";
import type { Opener } from "../../run/child.ts";
import { matchPattern } from "../resolve/patterns.ts";
import type { ResolvedSsh } from "../resolve/resolve.ts";
import { ChannelChild, FailedChild } from "./channel-child.ts";
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
      try {
        const lost = (c: Connection) => () => c.dead ?? say.lost(c.hop.resolved.hostname, c.hop.resolved.port);
        const notes = chain.flatMap((hop) => hop.notes.splice(0));
        child = await exec(
          conn,
          command,
          environment(conn.hop.resolved),
          (ch) => new ChannelChild(ch, notes, lost(conn)),
        );
        break;
      } catch (error) {
        conn.release();
        if (conn.dead !== undefined && attempt === 0) continue;
        const why = error instanceof Error ? error.message : String(error);
        return { child: new FailedChild(conn.dead ?? say.channelRefused(why)), release: () => {} };
      }
    }
    child.once("exit", () => {
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

// A new session channel running `command`; past the server's MaxSessions, it waits for one of this connection's
// other channels to close and asks again (as many commands at once as a ControlMaster would allow, and no failure).
// The child is made in ssh2's callback itself: a fast command's exit status and close can arrive in the same read as
// the channel's confirmation, before any later tick could listen for them.
async function exec(
  conn: Connection,
  command: string,
  env: Record<string, string>,
  make: (channel: ClientChannel) => ChannelChild,
): Promise<ChannelChild> {
  for (;;) {
    try {
      return await new Promise<ChannelChild>((resolve, reject) =>
        conn.client.exec(command, { env }, (error, channel) => (error ? reject(error) : resolve(make(channel)))),
      );
    } catch (error) {
      if (conn.dead !== undefined || conn.active <= 1) throw error;
      await new Promise<void>((resolve) => conn.freed.add(resolve));
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
