import { readFileSync } from "node:fs";
import type { Duplex } from "node:stream";
import type {
  BaseAgent,
  GetStreamCallback,
  IdentityCallback,
  ParsedKey,
  SignCallback,
  SigningRequestOptions,
} from "ssh2";
import { AGENT_ANSWER_MS } from "../agent-hangs.ts";
import { keyFileHead } from "../key-file.ts";
import { offered, type KeyPolicy } from "./pubkey-algorithms.ts";
import type { Ssh2 } from "./ssh2.ts";

/** A public key as ssh sends it (its wire blob), in base64: what an agent's key and a key file are matched by. */
export type Blob = string;

// Each agent is asked once per process, as each host's transport is decided once.
const asked = new Map<string, Promise<readonly Blob[] | undefined>>();
// An agent lists its keys at once; one that does not answer (hung) within AGENT_ANSWER_MS must not hold up the
// decision, which no run's timeout bounds yet, nor the login, which would wait on it as ssh would for ever.

/**
 * The keys the agent at `socket` holds, in its order; none when it cannot be reached (ssh then uses the files), and
 * undefined when it takes the connection and lists nothing within AGENT_ANSWER_MS (left out, as the openssh transport
 * leaves it out of ssh's login).
 */
export function agentKeys(ssh2: Ssh2, socket: string): Promise<readonly Blob[] | undefined> {
  let keys = asked.get(socket);
  if (keys === undefined) {
    keys = new Promise((resolve) => {
      let stream: Duplex | undefined;
      const agent = new (class extends ssh2.OpenSSHAgent {
        override getStream(cb: GetStreamCallback): void {
          super.getStream((error, opened) => cb(error, (stream = opened)));
        }
      })(socket);
      const timer = setTimeout(() => (stream?.destroy(), resolve(undefined)), AGENT_ANSWER_MS);
      agent.getIdentities((error, list) => {
        clearTimeout(timer);
        resolve(error || list === undefined ? [] : list.flatMap((key) => listed(key) ?? []));
      });
    });
    asked.set(socket, keys);
  }
  return keys;
}

/**
 * The agent at `socket`, offering only the keys `only` (all when undefined: ssh's IdentitiesOnly with an agent), and
 * of those only what `policy` lets ssh offer, the keys `first` before the others (ssh's pubkey_prepare: the agent's
 * keys of the key files come first), each group in the agent's order; `refused` hears of each signature it would not
 * make. Its connections are in `open` until they close: a login that fails ends those an agent never answered.
 */
export function agentOffering(
  ssh2: Ssh2,
  socket: string,
  { only, first }: { readonly only: readonly Blob[] | undefined; readonly first: readonly Blob[] },
  policy: KeyPolicy,
  refused: () => void,
  open: Set<Duplex>,
): BaseAgent {
  // An agent holds no RSA key under 1024 bits (ssh-add refuses them): the default policy lets every key through.
  const all = only === undefined && first.length === 0 && policy.types === undefined && policy.minRsaBits <= 1024;
  const offer = (key: unknown) => {
    const blob = listed(key) ?? "";
    return (only?.includes(blob) ?? true) && offered(policy, Buffer.from(blob, "base64"));
  };
  const isFirst = (key: unknown) => first.includes(listed(key) ?? "");
  return new (class extends ssh2.OpenSSHAgent {
    override getStream(cb: GetStreamCallback): void {
      super.getStream((error, stream) => {
        if (stream !== undefined) open.add(stream.once("close", () => open.delete(stream)));
        cb(error, stream);
      });
    }

    override getIdentities(cb: IdentityCallback<ParsedKey>): void {
      if (all) return super.getIdentities(cb);
      super.getIdentities((error, keys) => {
        const offering = keys?.filter(offer);
        cb(error, offering && [...offering.filter(isFirst), ...offering.filter((key) => !isFirst(key))]);
      });
    }

    override sign(
      key: ParsedKey | Buffer | string,
      data: Buffer,
      options?: SigningRequestOptions | SignCallback,
      cb?: SignCallback,
    ): boolean {
      const done = typeof options === "function" ? options : cb;
      const given = typeof options === "function" ? {} : (options ?? {});
      return super.sign(key, data, given, (error, signature) => {
        if (error) refused();
        done?.(error, signature);
      });
    }
  })(socket);
}

/**
 * A stand-in agent for a key file ssh offers and cannot sign with (a passphrase it cannot ask for, permissions it
 * refuses): it offers the public key `key` and signs nothing, so that the login goes on to the next key; `accepted`
 * hears that the server would take the key, where ssh tries to load it.
 */
export function offerOnly(ssh2: Ssh2, key: ParsedKey, accepted: () => void): BaseAgent {
  return new (class extends ssh2.OpenSSHAgent {
    override getIdentities(cb: IdentityCallback<ParsedKey>): void {
      cb(undefined, [key]);
    }

    override sign(_key: unknown, _data: Buffer, options?: SigningRequestOptions | SignCallback, cb?: SignCallback) {
      accepted();
      (typeof options === "function" ? options : cb)?.(new Error("ssh cannot load this key"));
      return false;
    }
  })("");
}

export function blobOf(key: ParsedKey): Blob {
  return key.getPublicSSH().toString("base64");
}

// A key an agent lists: OpenSSHAgent gives parsed keys.
function listed(key: unknown): Blob | undefined {
  return typeof (key as Partial<ParsedKey>).getPublicSSH === "function" ? blobOf(key as ParsedKey) : undefined;
}

/**
 * The public key of a private key file that needs a passphrase, read as ssh reads it without one: from the file's own
 * public part (OpenSSH's format keeps it unencrypted), else from `file.pub`. Undefined when neither has it.
 */
export function lockedKeyBlob(file: string, data: Buffer, parseKey: Ssh2["parseKey"]): Blob | undefined {
  const own = keyFileHead(data)?.publicKey;
  if (own !== undefined) return own.toString("base64");
  try {
    const parsed = parseKey(readFileSync(`${file}.pub`));
    if (parsed instanceof Error) return undefined;
    return blobOf(Array.isArray(parsed) ? parsed[0]! : parsed);
  } catch {
    return undefined;
  }
}
