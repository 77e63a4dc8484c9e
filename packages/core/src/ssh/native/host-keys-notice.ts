import type { Client } from "ssh2";

// The parts of ssh2's client that answer the server's global requests.
type Protocol = {
  requestSuccess?: () => void;
  _handlers?: Record<string, ((protocol: unknown, ...args: never[]) => void) | undefined>;
};
type GlobalRequest = (protocol: unknown, name: string, wantReply: boolean, data: unknown) => void;

/**
 * Has `client` (connecting) take OpenSSH's list of the server's host keys (hostkeys-00@openssh.com, sent after every
 * login) as ssh does when it keeps known_hosts as it is: without a word. ssh2 asks the server to prove every key it
 * listed (a signature per key, RSA's the slowest, before the server reads on), for nobody to read; ssh asks only for
 * keys it would add to known_hosts under UpdateHostKeys, which native does not do. ssh2 1.17's internals, pinned and
 * bundled (host-keys-notice.e2e.test.ts fails without it).
 */
export function takeHostKeysNotice(client: Client): void {
  const protocol = (client as unknown as { _protocol?: Protocol })._protocol;
  const handlers = protocol?._handlers;
  const answer = handlers?.GLOBAL_REQUEST as GlobalRequest | undefined;
  if (protocol === undefined || handlers === undefined || answer === undefined) return;
  handlers.GLOBAL_REQUEST = ((p: unknown, name: string, wantReply: boolean, data: unknown) => {
    if (name !== "hostkeys-00@openssh.com") return answer(p, name, wantReply, data);
    if (wantReply) protocol.requestSuccess?.();
  }) as (protocol: unknown, ...args: never[]) => void;
}
