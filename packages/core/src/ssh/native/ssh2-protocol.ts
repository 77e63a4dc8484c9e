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
  authPK?: (username: string, key: ParsedKey, keyAlgo?: string, sign?: Sign) => void;
};

/** `client`'s protocol object, once `connect()` has made it. */
export function protocolOf(client: Client): Ssh2Protocol | undefined {
  return (client as unknown as { _protocol?: Ssh2Protocol })._protocol;
}
