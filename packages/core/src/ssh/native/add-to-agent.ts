import { createPrivateKey, type JsonWebKey } from "node:crypto";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import type { ParsedKey } from "ssh2";
import { keyFileHead } from "../key-file.ts";
import type { ResolvedSsh } from "../resolve/resolved.ts";
import { seconds } from "../resolve/values.ts";
import { wireMpint, wireString, wireUint32 } from "../wire.ts";
import type { Ssh2 } from "./ssh2.ts";

/** What AddKeysToAgent has ssh do with a key file it logs in with: add it (for `lifetime` seconds, 0 for ever). */
export type AddKeys = { readonly confirm: boolean; readonly lifetime: number };

const ADD_IDENTITY = 17;
const ADD_ID_CONSTRAINED = 25;
const CONSTRAIN_LIFETIME = 1;
const CONSTRAIN_CONFIRM = 2;
// An agent answers at once; one that does not must not hold the run up (ssh's add is a side effect, never a failure).
const ANSWER_MS = 3000;

/**
 * AddKeysToAgent's words (`yes`, `confirm`, `confirm 5m`, a time such as `1h30m`) as ssh reads them; undefined for no
 * (unset too), "ask" for ssh's question, which only ssh can put. Pure.
 */
export function addKeysSetting(words: readonly string[] | undefined): AddKeys | "ask" | undefined {
  const [word = "no", time] = words ?? [];
  const lower = word.toLowerCase();
  if (lower === "no" || lower === "false") return undefined;
  if (lower === "ask") return "ask";
  if (lower === "yes" || lower === "true") return { confirm: false, lifetime: 0 };
  // A time ssh would refuse never gets here: ssh was asked about the line (valid.ts takes no time as sure).
  if (lower === "confirm") return { confirm: true, lifetime: time === undefined ? 0 : seconds(time) };
  return { confirm: false, lifetime: seconds(word) };
}

/**
 * The agent request that adds `key` (ssh_add_identity_constrained): its type, its private parts as OpenSSH
 * serializes them, the comment, then the constraints. Undefined for a type ssh2 parses but an agent is not given here.
 */
export function addIdentityMessage(key: ParsedKey, comment: string, add: AddKeys): Buffer | undefined {
  const jwk = createPrivateKey(key.getPrivatePEM()).export({ format: "jwk" });
  const parts = privateParts(key.type, jwk);
  if (parts === undefined) return undefined;
  const constraints = [
    ...(add.lifetime > 0 ? [Buffer.of(CONSTRAIN_LIFETIME), wireUint32(add.lifetime)] : []),
    ...(add.confirm ? [Buffer.of(CONSTRAIN_CONFIRM)] : []),
  ];
  const type = constraints.length > 0 ? ADD_ID_CONSTRAINED : ADD_IDENTITY;
  const body = Buffer.concat([Buffer.of(type), wireString(key.type), ...parts, wireString(comment), ...constraints]);
  return Buffer.concat([wireUint32(body.length), body]);
}

function privateParts(type: string, jwk: JsonWebKey): Buffer[] | undefined {
  const part = (name: keyof JsonWebKey) => Buffer.from(String(jwk[name]), "base64url");
  if (type === "ssh-ed25519") return [wireString(part("x")), wireString(Buffer.concat([part("d"), part("x")]))];
  if (type === "ssh-rsa") return ["n", "e", "d", "qi", "p", "q"].map((name) => wireMpint(part(name as "n")));
  const curve = /^ecdsa-sha2-(nistp\d+)$/.exec(type)?.[1];
  if (curve === undefined) return undefined;
  const point = Buffer.concat([Buffer.of(4), part("x"), part("y")]);
  return [wireString(curve), wireString(point), wireMpint(part("d"))];
}

/** Sends `message` to the agent at `socket`; settles (true when the agent took it) whatever happens. */
export function sendToAgent(socket: string, message: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const agent = connect(socket);
    const done = (took: boolean) => (clearTimeout(timer), agent.destroy(), resolve(took));
    const timer = setTimeout(() => done(false), ANSWER_MS);
    agent.once("error", () => done(false));
    agent.once("close", () => done(false));
    // SSH_AGENT_SUCCESS: a uint32 length of 1, then 6.
    agent.once("data", (reply: Buffer) => done(reply.length >= 5 && reply[4] === 6));
    agent.write(message);
  });
}

/**
 * What ssh does once it logged in to `resolved` with the key file `file` (its bytes `data`): adds the key to the agent
 * as AddKeysToAgent says, under the key file's comment (its path for a PEM file, which has none). Never fails.
 */
export async function addUsedKey(resolved: ResolvedSsh, file: string, data: Buffer, ssh2: Ssh2): Promise<void> {
  const add = addKeysSetting(resolved.options.get("addkeystoagent"));
  const socket = resolved.identityAgent;
  if (add === undefined || add === "ask" || socket === undefined || !existsSync(socket)) return;
  const parsed = ssh2.parseKey(data);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (key === undefined || key instanceof Error) return;
  const comment = keyFileHead(data)?.publicKey === undefined ? file : key.comment;
  const message = addIdentityMessage(key, comment, add);
  if (message !== undefined) await sendToAgent(socket, message);
}
