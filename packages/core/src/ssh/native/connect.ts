import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { Client, ConnectConfig } from "ssh2";
import { addUsedKey } from "./add-to-agent.ts";
import { authHandler } from "./auth-handler.ts";
import { bannerAsSsh, saysInfo, utf8Locale } from "./banner.ts";
import type { Identities } from "./identities.ts";
import { asSshWatch } from "./as-ssh.ts";
import { coalesceWrites } from "./coalesce.ts";
import { checkHostKey, hostKeyOrder, type KeyCheck } from "./host-key-check.ts";
import { takeHostKeysNotice } from "./host-keys-notice.ts";
import type { Hop } from "./hop.ts";
import { Abandoned } from "./failure.ts";
import { BannerTimeout, hopFailure, IdentRefused } from "./hop-failure.ts";
import { forwardNoAgent } from "./ssh2-protocol.ts";
import { learnHostKeys as learn } from "./update-host-keys.ts";
import { signKeyFilesAtOnce } from "./sign-at-once.ts";
import { serverOffers } from "./messages.ts";
import { readServerIdent } from "./server-ident.ts";
import { tcp } from "./tcp.ts";
import { bannerDeadline } from "./tcp-attempts.ts";
import { packetTimeout, PacketTimeout } from "./packet-timeout.ts";
import { acceptedAlgorithms } from "./pubkey-algorithms.ts";
import { signRsaAsSsh } from "./rsa-signature.ts";

/**
 * Opens a TCP connection to the hop (or uses `sock`, a channel of the previous hop), then SSH over it; `stop` ends it
 * where it is (Abandoned), with its socket, timers and requests to the agent. Over a channel, ConnectTimeout counts
 * from `started` (when reaching the jump hosts began).
 */
export async function connectHop(
  hop: Hop,
  sock?: Duplex,
  stop?: AbortSignal,
  started?: number,
): Promise<{ client: Client; socket: Duplex }> {
  const { resolved } = hop;
  const socket = sock ?? (await tcp(resolved, stop));
  // The server's address, for ssh's messages that name it: a socket no longer has it once destroyed.
  const address = (socket as Partial<Socket>).remoteAddress ?? resolved.hostname;
  coalesceWrites(socket);
  const client = new hop.ssh2.Client();
  let checked: KeyCheck | undefined;
  let methods: readonly string[] = ["publickey"];
  let used: Identities["keys"][number] | undefined;
  let agentRefused = false;
  // The login's requests to the agent not answered yet: a failed login ends them, or a silent agent holds the process.
  const agentConnections = new Set<Duplex>();
  const asSsh = asSshWatch(hop.algorithms, (list) => hostKeyOrder(hop, list));
  const offers = serverOffers(asSsh.remote);
  const config: ConnectConfig = {
    sock: socket as Socket,
    username: resolved.user,
    // ConnectTimeout bounds the TCP connection and the server's banner (below), as in ssh; not the key exchange and
    // login, which take long on a busy controller that opens hundreds at once.
    readyTimeout: 0,
    // Keep-alives are the pool's, only while a command runs, so an idle connection never holds the process open.
    keepaliveInterval: 0,
    hostVerifier: (blob: Buffer) => ((checked = checkHostKey(hop, blob)), checked.refusal === undefined),
    authHandler: authHandler(
      hop,
      (left) => (methods = left),
      (key) => (used = key),
      () => (agentRefused = true),
      agentConnections,
    ),
    algorithms: { ...hop.algorithms, serverHostKey: hostKeyOrder(hop, hop.algorithms.serverHostKey.list) },
    // The server's lists: for ssh's "Their offer" when the two sides share none of a kind, and to leave at once a
    // server on which ssh would choose what native lacks.
    debug: (line) => (offers.debug(line), asSsh.differs() !== undefined && socket.destroy()),
    // The login's agent goes in authHandler's methods; this one is only what a session's agent requests reach.
    ...(hop.identities.forward === undefined ? {} : { agent: hop.identities.forward, agentForward: true }),
  };
  return new Promise((resolve, reject) => {
    let failed = false;
    const fail = (error: Error & { level?: string }) => {
      // An agent that cannot be reached (a stale SSH_AUTH_SOCK) or cannot sign: ssh2 goes on to the key files, as ssh.
      if (failed || error.level === "agent") return;
      failed = true;
      stop?.removeEventListener("abort", abandon);
      socket.destroy();
      for (const connection of agentConnections) connection.destroy();
      clearTimeout(banner);
      if (error instanceof Abandoned) return reject(error);
      const identified = ident.arrived();
      const state = { differs: asSsh.differs(), checked, agentRefused, methods, offers, identified, address };
      reject(hopFailure(error, hop, state));
    };
    const abandon = () => fail(new Abandoned());
    // ssh2 may report more than one error on the way down; the first decides.
    client.on("error", fail);
    client.once("close", () => fail(new Error("closed")));
    // What the TCP connection left of ConnectTimeout, as in ssh; through a jump host, what reaching it left.
    const timeout = resolved.connectTimeout;
    const deadline =
      bannerDeadline(socket) ?? (timeout === undefined ? undefined : (started ?? Date.now()) + timeout * 1000);
    const due = (at: number) => setTimeout(() => fail(new BannerTimeout()), Math.max(at - Date.now(), 0)).unref();
    // An early connection may hold the banner already: its wait starts if what it holds is not (below).
    let banner = deadline === undefined || socket.readableLength > 0 ? undefined : due(deadline);
    const silence = packetTimeout(
      socket,
      resolved,
      () => fail(new PacketTimeout()),
      () => agentConnections.size > 0,
    );
    // ConnectTimeout lasts until the identification, whatever lines come before it; the packet timeout from then on.
    const ident = readServerIdent(socket, {
      came: () => (clearTimeout(banner), silence.start()),
      refused: (refusal) => fail(new IdentRefused(refusal)),
    });
    socket.once("data", () => void (deadline === undefined || ident.arrived() || failed || (banner ??= due(deadline))));
    // The login banner (sshd's Banner), which ssh prints on connecting: on the first command's stderr, as an added key.
    client.on("banner", (text: string) => {
      if (saysInfo(resolved)) hop.notes.push(bannerAsSsh(text, utf8Locale(process.env)).replace(/\n$/, ""));
    });
    client.once("ready", () => {
      stop?.removeEventListener("abort", abandon);
      silence.stop();
      client.removeListener("error", fail);
      client.on("error", () => {});
      client.removeAllListeners("close");
      // As ssh, which forwards no agent to a host whose changed key it went on with.
      if (checked?.refusal === undefined && checked?.unsafe) forwardNoAgent(client);
      // As ssh, which adds a key file it logs in with to the agent (AddKeysToAgent) before it goes on.
      const adding = used === undefined ? undefined : addUsedKey(resolved, used.file, used.data, hop.ssh2);
      void Promise.resolve(adding).then(() => resolve({ client, socket }));
    });
    if (stop?.aborted) return abandon();
    stop?.addEventListener("abort", abandon, { once: true });
    client.connect(config);
    signRsaAsSsh(client, acceptedAlgorithms(hop.identities.agentPolicy));
    takeHostKeysNotice(
      client,
      (keys) => checked?.refusal === undefined && checked?.updatable === true && learn(hop, client, keys),
    );
    signKeyFilesAtOnce(client);
  });
}
