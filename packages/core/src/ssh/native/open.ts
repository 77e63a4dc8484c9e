import { SPAWN_INSTEAD, type Opener } from "../../run/child.ts";
import { STOPPED } from "../../run/spawn-child.ts";
import { matchPattern } from "../resolve/patterns.ts";
import type { ResolvedSsh } from "../resolve/resolved.ts";
import { ChannelChild, FailedChild } from "./channel-child.ts";
import { Guard } from "./guard.ts";
import { ConnectFailure, NotAsSsh } from "./failure.ts";
import type { Hop } from "./hop.ts";
import { say } from "./messages.ts";
import { connection } from "./pool.ts";
import type { Connection } from "./tracked-connection.ts";
import { exec } from "./session.ts";

/**
 * Runs `command` (the remote command line, as for ssh) in a new channel of the host's connection: the pooled one, or
 * with `fresh` one of its own, closed when the command ends. A failed connection is a command that printed ssh's
 * message and exited 255; a stop before the command was sent (`signal`) throws (see Opener).
 */
export function nativeOpener(
  chain: readonly Hop[],
  command: string,
  fresh: boolean,
  notAsSsh: (reason: string) => void,
): Opener {
  return async (signal) => {
    // A stop that came first: execute fails the run as stopped before it started (timed out, or interrupted).
    const notStarted = (): never => {
      throw new Error(STOPPED);
    };
    // What ssh would have printed on connecting (a key it added, the server's banner): told once, first.
    const notes = () => chain.flatMap((hop) => hop.notes.splice(0));
    let conn: Connection;
    let child: ChannelChild;
    // A connection that dies before the command started (its host stopped answering) is replaced once, as ssh falls
    // back from a dead ControlMaster to a connection of its own: the command has not run yet.
    for (let attempt = 0; ; attempt++) {
      try {
        // A connection up already stays for the next command; one being made for this command alone is given up.
        const got = await connection(chain, fresh, signal);
        if (got === undefined) return notStarted();
        conn = got;
      } catch (error) {
        // What ssh printed before it failed (the server's banner) comes first, as on ssh's stderr.
        if (error instanceof ConnectFailure) {
          const said = [...notes(), error.lines];
          return { child: new FailedChild(said.join("\n")), release: () => {} };
        }
        // Nothing was sent: the command goes through ssh, as will the host's next ones.
        if (error instanceof NotAsSsh) return (notAsSsh(error.message), SPAWN_INSTEAD);
        throw error;
      }
      conn.acquire();
      const guarded = guardOf(conn)?.wrap(command);
      try {
        const lost = (c: Connection) => () => c.dead ?? say.closedByRemote(c.hop.resolved.hostname);
        child = await exec(
          conn,
          guarded?.line ?? command,
          // This host's own options: a pooled connection may have been opened for another's with the same key.
          environment(chain.at(-1)!.resolved),
          (ch) => new ChannelChild(ch, notes(), lost(conn), guarded?.watch),
          signal,
        );
        break;
      } catch (error) {
        guarded?.watch.done();
        conn.release();
        if (signal.aborted) return (fresh && conn.close(), notStarted());
        // Also when its keep-alives went unanswered, as ssh does: a host back from a reboot, or a connection cut
        // somewhere between, answers a new one at once; one that does not fails it within ConnectTimeout.
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

// What ssh sends along: SendEnv's patterns over this process's environment, and SetEnv's values (which win).
function environment(resolved: ResolvedSsh): Record<string, string> {
  const env: Record<string, string> = {};
  // Reading every variable of process.env asks libc for each: not for a host that sends none.
  for (const [name, value] of resolved.sendEnv.length === 0 ? [] : Object.entries(process.env)) {
    if (value !== undefined && resolved.sendEnv.some((p) => matchPattern(name, p))) env[name] = value;
  }
  for (const pair of resolved.setEnv) {
    const at = pair.indexOf("=");
    if (at > 0) env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return env;
}
