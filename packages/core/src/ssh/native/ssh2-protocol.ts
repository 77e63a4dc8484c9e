import type { Client, ParsedKey } from "ssh2";

/** A handler of one message type in ssh2's protocol (the protocol object, then the message's parts). */
export type Handler = (protocol: unknown, ...args: never[]) => void;
/** How ssh2 signs a login request: the data in, the signature out. */
export type Sign = (data: Buffer, done: (signature: Buffer) => void) => void;

/**
 * The parts of a connecting ssh2 client's protocol object that native's hooks reach (rsa-signature.ts,
 * host-keys-notice.ts, sign-at-once.ts): ssh2 1.17's internals, pinned and bundled, each hook's test failing without
 * it. Each may be missing; a hook that does not find its part leaves ssh2 as it is.
 */
export type Ssh2Protocol = {
  /** The server's compatibility flags, from its version string. */
  _compatFlags?: number;
  /** The handler of each message type the client reads. */
  _handlers?: Record<string, Handler | undefined>;
  /** Set while a key exchange runs (packets then wait). */
  _kexinit?: unknown;
  _packetRW?: {
    readonly write: { readonly allocStart: number; alloc(length: number): Buffer; finalize(packet: Buffer): Buffer };
  };
  _cipher?: { encrypt(packet: Buffer): void };
  requestSuccess?: () => void;
  /** The key exchange in force: the session's id, and the host key algorithm it chose. */
  _kex?: { readonly sessionID?: Buffer; readonly negotiated?: { readonly serverHostKey?: string } };
  /** Sends hostkeys-prove-00@openssh.com (want reply) for `keys`. */
  openssh_hostKeysProve?: (keys: readonly ParsedKey[]) => void;
  authPK?: (username: string, key: ParsedKey, keyAlgo?: string, sign?: Sign) => void;
};

/** The parts of a connecting ssh2 client itself that native's hooks reach. */
type Ssh2Client = {
  _protocol?: Ssh2Protocol;
  /** What waits on the server's answers to global requests, in the order they were sent. */
  _callbacks?: ((failed: boolean, data?: Buffer) => void)[];
  /** What connect() took from its config: agent forwarding for every session. */
  config?: { allowAgentFwd?: boolean };
};

/** `client`'s protocol object, once `connect()` has made it. */
export function protocolOf(client: Client): Ssh2Protocol | undefined {
  return (client as unknown as Ssh2Client)._protocol;
}

/** `client`'s own internals (see `Ssh2Client`). */
export function internalsOf(client: Client): Ssh2Client {
  return client as unknown as Ssh2Client;
}

/** Has `client` forward no agent to the sessions it opens from now on. */
export function forwardNoAgent(client: Client): void {
  const config = internalsOf(client).config;
  if (config !== undefined) config.allowAgentFwd = false;
}
