import type { Client, ParsedKey } from "ssh2";
import { protocolOf, type Handler, type Ssh2Protocol } from "./ssh2-protocol.ts";

type GlobalRequest = (protocol: unknown, name: string, wantReply: boolean, data: unknown) => void;

const SSH_MSG_IGNORE = 2;

/**
 * Has `client` (connecting) take OpenSSH's list of the server's host keys (hostkeys-00@openssh.com, sent after every
 * login) as ssh does: `learn` (UpdateHostKeys) weighs them and says whether it asked the server anything; else nothing
 * is asked. ssh2 asked the server to prove every key (a signature per key, before the server reads on), for nobody to
 * read; ssh asks only for keys it would add to known_hosts. ssh2 1.17's internals, pinned and bundled
 * (host-keys-notice.e2e.test.ts fails without it).
 */
export function takeHostKeysNotice(client: Client, learn: (keys: readonly ParsedKey[]) => boolean): void {
  const protocol = protocolOf(client);
  const handlers = protocol?._handlers;
  const answer = handlers?.GLOBAL_REQUEST as GlobalRequest | undefined;
  if (protocol === undefined || handlers === undefined || answer === undefined) return;
  handlers.GLOBAL_REQUEST = ((p: unknown, name: string, wantReply: boolean, data: unknown) => {
    if (name !== "hostkeys-00@openssh.com") return answer(p, name, wantReply, data);
    if (wantReply) protocol.requestSuccess?.();
    else if (Array.isArray(data) && learn(data as ParsedKey[])) return;
    // sshd leaves Nagle on: its answer to our channel open waits until the notice is acknowledged, which this host's
    // TCP, with nothing to send, delays by 40 ms. A message the server ignores takes the acknowledgement at once.
    else ignored(protocol);
  }) as Handler;
}

// An SSH_MSG_IGNORE with no data, sent as ssh2 sends its own packets (outside a key exchange).
function ignored(protocol: Ssh2Protocol): void {
  const write = protocol._packetRW?.write;
  if (write === undefined || protocol._cipher === undefined || protocol._kexinit !== undefined) return;
  const at = write.allocStart;
  const packet = write.alloc(5);
  packet[at] = SSH_MSG_IGNORE;
  packet.writeUInt32BE(0, at + 1);
  protocol._cipher.encrypt(write.finalize(packet));
}
