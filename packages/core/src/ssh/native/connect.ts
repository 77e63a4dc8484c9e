import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { AuthenticationType, AuthHandlerMiddleware, Client, ConnectConfig } from "ssh2";
import type { ResolvedSsh } from "../resolve/resolved.ts";
import { addUsedKey } from "./add-to-agent.ts";
import { agentOffering } from "./agent-keys.ts";
import { bannerAsSsh, saysInfo, utf8Locale } from "./banner.ts";
import type { Algorithms } from "./algorithms.ts";
import type { Identities } from "./identities.ts";
import { asSshWatch } from "./as-ssh.ts";
import { ConnectFailure, NotAsSsh } from "./failure.ts";
import { coalesceWrites } from "./coalesce.ts";
import { checkHostKey, hostKeyOrder, type KeyCheck } from "./host-key-check.ts";
import { takeHostKeysNotice } from "./host-keys-notice.ts";
import { forwardNoAgent } from "./ssh2-protocol.ts";
import { learnHostKeys as learn } from "./update-host-keys.ts";
import { signKeyFilesAtOnce } from "./sign-at-once.ts";
import { say, serverOffers, unmatchedKind } from "./messages.ts";
import type { Ssh2 } from "./ssh2.ts";
import { bannerDeadline, tcp } from "./tcp.ts";
import { packetTimeout, PacketTimeout } from "./packet-timeout.ts";
import { acceptedAlgorithms } from "./pubkey-algorithms.ts";
import { signRsaAsSsh } from "./rsa-signature.ts";

export { ConnectFailure, NotAsSsh };

/** One hop: where, how to log in, and the ssh2 module (loaded only when native is used). */
export type Hop = {
  readonly resolved: ResolvedSsh;
  readonly identities: Identities;
  /** What the configuration's KexAlgorithms, Ciphers, MACs and HostKeyAlgorithms make of ssh2's lists. */
  readonly algorithms: Algorithms;
  readonly ssh2: Ssh2;
  /** Lines ssh would print without failing (a key added to known_hosts): shown on the first command's stderr. */
  readonly notes: string[];
};

/** Opens a TCP connection to the hop (or uses `sock`, a channel of the previous hop), then SSH over it. */
export async function connectHop(hop: Hop, sock?: Duplex): Promise<{ client: Client; socket: Duplex }> {
  const { resolved } = hop;
  const socket = sock ?? (await tcp(resolved));
  coalesceWrites(socket);
  const client = new hop.ssh2.Client();
  let checked: KeyCheck | undefined;
  let methods: readonly string[] = ["publickey"];
  let used: Identities["keys"][number] | undefined;
  let agentRefused = false;
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
    authHandler: auth(
      hop,
      (left) => (methods = left),
      (key) => (used = key),
      () => (agentRefused = true),
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
      socket.destroy();
      const differs = asSsh.differs();
      if (differs !== undefined) return reject(new NotAsSsh(differs));
      if (checked?.refusal !== undefined) return reject(new ConnectFailure(checked.refusal));
      // What ssh said of the keys it could not use comes first, as in its output.
      if (error.level === "client-authentication") {
        // ssh proves the host to the agent (session-bind), which a key added with `ssh-add -h` needs: ssh's to try.
        if (agentRefused) return reject(new NotAsSsh("the agent would not sign for this host; ssh can bind it"));
        const denied = say.denied(resolved.user, resolved.hostname, methods);
        return reject(new ConnectFailure([...hop.identities.warnings, denied].join("\n")));
      }
      clearTimeout(banner);
      const unmatched = error.level === "handshake" ? unmatchedKind(error.message) : undefined;
      if (unmatched !== undefined) {
        const address = (socket as Partial<Socket>).remoteAddress ?? resolved.hostname;
        const offer = offers.of(unmatched.logged);
        return reject(new ConnectFailure(say.unnegotiated(address, resolved.port, unmatched.what, offer)));
      }
      if (error instanceof BannerTimeout)
        return reject(new ConnectFailure(say.banner(resolved.hostname, resolved.port)));
      if (error instanceof PacketTimeout) {
        const address = (socket as Partial<Socket>).remoteAddress ?? resolved.hostname;
        return reject(new ConnectFailure(say.packetTimeout(address, resolved.port)));
      }
      reject(new ConnectFailure(say.lost(resolved.hostname, resolved.port)));
    };
    // ssh2 may report more than one error on the way down; the first decides.
    client.on("error", fail);
    client.once("close", () => fail(new Error("closed")));
    // What the TCP connection left of ConnectTimeout, as in ssh; through a jump host, all of it.
    const timeout = resolved.connectTimeout;
    const deadline = bannerDeadline(socket) ?? (timeout === undefined ? undefined : Date.now() + timeout * 1000);
    // An early connection may hold the banner already.
    const banner =
      deadline === undefined || socket.readableLength > 0
        ? undefined
        : setTimeout(() => fail(new BannerTimeout()), Math.max(deadline - Date.now(), 0)).unref();
    socket.once("data", () => clearTimeout(banner));
    const silence = packetTimeout(socket, resolved, () => fail(new PacketTimeout()));
    // The login banner (sshd's Banner), which ssh prints on connecting: on the first command's stderr, as an added key.
    client.on("banner", (text: string) => {
      if (saysInfo(resolved)) hop.notes.push(bannerAsSsh(text, utf8Locale(process.env)).replace(/\n$/, ""));
    });
    client.once("ready", () => {
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
    client.connect(config);
    signRsaAsSsh(client, acceptedAlgorithms(hop.identities.agentPolicy));
    takeHostKeysNotice(
      client,
      (keys) => checked?.refusal === undefined && checked?.updatable === true && learn(hop, client, keys),
    );
    signKeyFilesAtOnce(client);
  });
}

// ssh's "Connection timed out during banner exchange".
class BannerTimeout extends Error {}

// The agent, then each key file, in ssh's order; records the methods the server still allows, for the message, and
// the key file tried last (the one logged in with, once the login succeeds).
function auth(
  hop: Hop,
  onMethods: (left: readonly string[]) => void,
  onKeyFile: (key: Identities["keys"][number] | undefined) => void,
  onAgentRefused: () => void,
): AuthHandlerMiddleware {
  const username = hop.resolved.user;
  const { agent: socket, agentOnly: only, agentFirst: first, agentPolicy } = hop.identities;
  const agent =
    socket === undefined ? undefined : agentOffering(hop.ssh2, socket, { only, first }, agentPolicy, onAgentRefused);
  const queue = [
    ...(agent === undefined ? [] : [{ type: "agent" as const, username, agent }]),
    ...hop.identities.keys.map((k) => ({ type: "publickey" as const, username, key: k.data })),
  ];
  return (left: AuthenticationType[] | null, _partial: boolean | null, next) => {
    if (left) onMethods(left);
    const method = queue.shift();
    if (method === undefined || (left && !left.includes("publickey"))) return next(false as never);
    onKeyFile(method.type === "publickey" ? hop.identities.keys.find((k) => k.data === method.key) : undefined);
    next(method);
  };
}
