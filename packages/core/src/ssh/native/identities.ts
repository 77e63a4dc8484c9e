import { existsSync } from "node:fs";
import type { ParsedKey } from "ssh2";
import { askpassRuns } from "../askpass.ts";
import { identityPath } from "../resolve/resolve.ts";
import type { ResolvedSsh } from "../resolve/resolved.ts";
import { agentKeys, type Blob } from "./agent-keys.ts";
import { keyType } from "./key-blob.ts";
import { certified, keyFile, type Ignored, type Key, type Locked } from "./key-files.ts";
import { missingKeyFile, type Missing, type Public } from "./missing-key.ts";
import { keyPolicy, offered, type KeyPolicy } from "./pubkey-algorithms.ts";
import type { Ssh2 } from "./ssh2.ts";

/**
 * How native logs in: the agent (under IdentitiesOnly, its keys of the key files) and each key file, in ssh's order;
 * those ssh cannot load (a passphrase, permissions, a missing file) with what ssh says of each when it comes to it.
 */
export type Identities = {
  readonly agent: string | undefined;
  /** The agent's keys to offer (IdentitiesOnly: those of the key files), or undefined for all. */
  readonly agentOnly: readonly Blob[] | undefined;
  /** The agent's keys of the key files: ssh offers them before the agent's others. */
  readonly agentFirst: readonly Blob[];
  /**
   * Which of the agent's keys ssh would offer at all (PubkeyAcceptedAlgorithms, RequiredRSASize; the key files were
   * taken by it already), and so which signature it makes with an RSA key.
   */
  readonly agentPolicy: KeyPolicy;
  /** The agent socket ForwardAgent hands to the host: IdentityAgent's (or SSH_AUTH_SOCK), IdentitiesOnly or not. */
  readonly forward: string | undefined;
  readonly keys: readonly Key[];
  /** The key files the agent does not hold, in ssh's order: those native signs with, and those ssh cannot load. */
  readonly tries: readonly (Key | Unusable)[];
  readonly warnings: readonly string[];
};
/**
 * A key file ssh cannot sign with under dk, where it has no terminal: one that needs a passphrase, one others may read,
 * one that is missing. ssh offers its public `key` first, if it has it, and tries to load the file (saying `said`) only
 * once the server would take it; without one, when it comes to the file.
 */
export type Unusable = { readonly file: string; readonly key: ParsedKey | undefined; readonly said: readonly string[] };

/**
 * The identities for `resolved`, in ssh's order, or why only ssh can use them: a key that needs a passphrase, that the
 * agent does not hold, where ssh would ask an askpass program for it; a missing one ssh names in words only it can
 * tell; a type the library cannot sign with (FIDO `sk` keys); a certificate next to the key.
 */
export async function identities(
  resolved: ResolvedSsh,
  ssh2: Ssh2,
): Promise<Identities | { readonly openssh: string }> {
  const files: (Key | Locked | Public | Missing | Ignored)[] = [];
  const agentPolicy = keyPolicy(resolved);
  for (const written of resolved.identityFiles) {
    // ssh's way to name no file (IdentityFile none), whatever its case.
    if (written.toLowerCase() === "none") continue;
    const file = identityPath(resolved, written);
    const key =
      keyFile(file, ssh2.parseKey) ??
      (existsSync(`${file}-cert.pub`) ? certified(file) : missingKeyFile(resolved, written, file, ssh2.parseKey));
    if (typeof key === "string") return { openssh: key };
    // ssh skips a key of a type PubkeyAcceptedAlgorithms does not name, or an RSA key under RequiredRSASize (one whose
    // public part it cannot read, it asks for).
    if (key !== undefined && (!("blob" in key) || key.blob === undefined || offered(agentPolicy, decoded(key.blob))))
      files.push(key);
  }
  const socket = resolved.identityAgent;
  const reachable = socket !== undefined && existsSync(socket);
  const forward = reachable && resolved.forwardAgent ? socket : undefined;
  // As ssh (pubkey_prepare): the agent's keys of the key files, in its order (under IdentitiesOnly, those alone), then
  // the key files the agent does not hold, each tried in turn. An agent the login would ask is asked first: a silent
  // one is left out, the login going on with the key files.
  const asks = reachable && (files.length > 0 || !resolved.identitiesOnly);
  const listed = asks ? await agentKeys(ssh2, socket) : [];
  const present = reachable && listed !== undefined;
  const held = listed ?? [];
  const inAgent = (key: (typeof files)[number]) => "blob" in key && key.blob !== undefined && held.includes(key.blob);
  const tries = triedAsSsh(
    files.filter((key) => !inAgent(key)),
    ssh2,
  );
  if (!Array.isArray(tries)) return tries;
  const keys = tries.filter((key) => "data" in key);
  const onlyFiles = files.flatMap((key) => (inAgent(key) && "blob" in key && key.blob ? [key.blob] : []));
  const common = { agentFirst: onlyFiles, agentPolicy, forward, keys, tries, warnings: resolved.warnings };
  if (!resolved.identitiesOnly) return { agent: present ? socket : undefined, agentOnly: undefined, ...common };
  const agent = onlyFiles.length > 0 ? socket : undefined;
  return { agent, agentOnly: agent === undefined ? undefined : onlyFiles, ...common };
}

// The key files the agent does not hold as ssh tries them, or why only ssh can: one that needs a passphrase an askpass
// program would be asked for, one missing whose words only ssh can tell.
function triedAsSsh(
  rest: readonly (Key | Locked | Public | Missing | Ignored)[],
  ssh2: Ssh2,
): (Key | Unusable)[] | { readonly openssh: string } {
  const tried: (Key | Unusable)[] = [];
  for (const key of rest) {
    if ("data" in key) {
      tried.push(key);
      continue;
    }
    if ("public" in key && key.openssh !== undefined) return { openssh: key.openssh };
    if ("locked" in key && askpassRuns()) {
      const file = key.locked;
      return { openssh: `IdentityFile ${file} needs a passphrase that ssh asks SSH_ASKPASS for (or ssh-add ${file})` };
    }
    const file =
      "locked" in key ? key.locked : "ignored" in key ? key.file : "public" in key ? key.public : key.missing;
    const said = "ignored" in key ? key.ignored : "said" in key && key.said !== undefined ? [key.said] : [];
    const parsed = "blob" in key && key.blob !== undefined ? publicKey(ssh2, key.blob) : undefined;
    if (parsed instanceof Error) return { openssh: `IdentityFile ${file}: ${parsed.message}` };
    if (parsed !== undefined || said.length > 0) tried.push({ file, key: parsed, said });
  }
  return tried;
}

// A public key as ssh2 takes it for an agent's.
function publicKey(ssh2: Ssh2, blob: Blob): ParsedKey | Error {
  const parsed = ssh2.parseKey(`${keyType(decoded(blob))} ${blob}`);
  return Array.isArray(parsed) ? parsed[0]! : parsed;
}

function decoded(blob: Blob): Buffer {
  return Buffer.from(blob, "base64");
}
