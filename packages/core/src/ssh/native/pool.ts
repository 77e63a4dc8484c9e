import type { Duplex } from "node:stream";
import { connectHop } from "./connect.ts";
import { changed, withRoom } from "./descriptors.ts";
import { Abandoned, ConnectFailure } from "./failure.ts";
import type { Hop } from "./hop.ts";
import { throughJumps } from "./jump-channel.ts";
import { say } from "./messages.ts";
import { track, type Connection } from "./tracked-connection.ts";

const pool = new Map<string, Promise<Connection>>();
// The pooled connections that are up: a command handed one is to acquire it before it can be closed as idle.
const up = new WeakMap<Promise<Connection>, Connection>();
// The connections being made: how many wait for each, and how to give it up once none does.
// `closed`: what its commands hear when host.closeConnection() gave it up.
type Making = { waiting: number; readonly stop: AbortController; forget: () => void; closed?: string };
const making = new WeakMap<Promise<Connection>, Making>();

// Until the command it was handed to has acquired it (on this turn of the event loop, or never: stopped).
function claim(conn: Connection | undefined): void {
  if (conn === undefined || conn.claimed) return;
  conn.claimed = true;
  // Unclaimed by a command that stopped before acquiring it: idle, for whoever waits for descriptors.
  setImmediate(() => ((conn.claimed = false), conn.active === 0 && changed()));
}

/**
 * The connection for `chain` (jump hosts first, the host last): the pooled one, or a new one with `fresh`; undefined
 * once `signal` aborts. A connection still being made when the last command waiting for it stops is given up (its
 * socket, timers and agent requests would keep this process alive until it failed or came up for nobody).
 */
export function connection(
  chain: readonly Hop[],
  fresh: boolean,
  signal: AbortSignal,
): Promise<Connection | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  const key = JSON.stringify(chain.map(keyOf));
  let made = fresh ? undefined : pool.get(key);
  if (made === undefined) {
    const stop = new AbortController();
    made = open(chain, fresh, stop.signal);
    const entry: Making = { waiting: 0, stop, forget: () => {} };
    making.set(made, entry);
    const settled = () => making.delete(made!);
    made.then(settled, settled);
    if (!fresh) {
      pool.set(key, made);
      const forget = () => pool.get(key) === made && pool.delete(key);
      entry.forget = forget;
      // A failed connection is not kept: the next command tries again.
      made.then((c) => (c.client.once("close", forget), (c.forget = forget), up.set(made!, c)), forget);
    }
  } else claim(up.get(made));
  return waitFor(made, signal);
}

// `made`'s connection, or undefined once `signal` aborts; the last to stop waiting for it gives it up.
function waitFor(made: Promise<Connection>, signal: AbortSignal): Promise<Connection | undefined> {
  const entry = making.get(made);
  if (entry === undefined) return made;
  entry.waiting++;
  return new Promise((resolve, reject) => {
    const stopped = () => {
      resolve(undefined);
      if (--entry.waiting > 0 || making.get(made) !== entry) return;
      // Given up: a command that comes from now on opens a new one.
      making.delete(made);
      entry.forget();
      entry.stop.abort();
    };
    signal.addEventListener("abort", stopped, { once: true });
    const done = () => signal.removeEventListener("abort", stopped);
    made.then(
      (conn) => (done(), resolve(conn)),
      (error: unknown) => {
        done();
        reject(entry.closed !== undefined && error instanceof Abandoned ? new ConnectFailure(entry.closed) : error);
      },
    );
  });
}

/** Closes the pooled connection for `chain`, if any (e.g. its host reboots); the next run opens a new one. */
export async function closeConnection(chain: readonly Hop[]): Promise<void> {
  const key = JSON.stringify(chain.map(keyOf));
  const made = pool.get(key);
  pool.delete(key);
  const entry = made === undefined ? undefined : making.get(made);
  if (entry !== undefined) {
    // Still being made: given up now, its commands (none of which started) told who closed it.
    making.delete(made!);
    entry.closed = say.closedHere(chain.at(-1)!.resolved.hostname);
    entry.stop.abort();
  }
  await made?.then(
    // A command still running over it must not hear that the host closed it.
    (c) => ((c.dead ??= say.closedHere(c.hop.resolved.hostname)), c.close()),
    () => {},
  );
}

// The key files by name: a file is read once per process (identities.ts), so its name stands for its bytes, which
// JSON would spell out number by number in every host's key.
function keyOf(hop: Hop): unknown {
  const r = hop.resolved;
  const { agent, agentOnly, agentFirst, agentPolicy, forward, tries } = hop.identities;
  // Every file ssh tries, those it passes by too: what it says of them comes with a login of their own.
  const ids = [agent, agentOnly, agentFirst, agentPolicy, forward, tries.map((k) => k.file)];
  // The agent it forwards (identities.forward) stands for ForwardAgent.
  const trust = [r.strictHostKeyChecking, r.hostKeyAlias, r.userKnownHostsFiles, r.globalKnownHostsFiles];
  const from = [r.bindAddress, r.bindInterface];
  // When the connection is given up (serverAlive): one per setting, as core's ControlMasters are per ssh options.
  const alive = [r.serverAliveInterval, r.serverAliveCountMax];
  return [r.hostname, r.port, r.addressFamily, from, r.user, ids, trust, alive, hop.algorithms];
}

async function open(chain: readonly Hop[], fresh: boolean, stop: AbortSignal): Promise<Connection> {
  const hop = chain.at(-1)!;
  const started = Date.now();
  let parent: Connection | undefined;
  let sock: Duplex | undefined;
  if (chain.length > 1) {
    const reach = (signal: AbortSignal) => connection(chain.slice(0, -1), fresh, signal);
    ({ parent, sock } = await throughJumps(hop, reach, stop, started));
  }
  // A hop through a jump host is a channel; a socket of its own waits for room (descriptors.ts).
  const { client, socket } =
    sock === undefined
      ? await withRoom(() => connectHop(hop, undefined, stop))
      : await connectHop(hop, sock, stop, started);
  const conn = track(client, socket, hop, parent);
  // Up after every command waiting for it stopped (its login's last step, past the point it can be given up).
  if (stop.aborted) throw (conn.close(), new Abandoned());
  claim(conn);
  return conn;
}
