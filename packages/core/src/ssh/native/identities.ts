import { existsSync, readFileSync } from "node:fs";
import { perFile } from "../file-cache.ts";
import { identityPath } from "../resolve/resolve.ts";
import type { ResolvedSsh } from "../resolve/resolved.ts";
import { agentKeys, blobOf, lockedKeyBlob, type Blob } from "./agent-keys.ts";
import { keyPolicy, offered, type KeyPolicy } from "./pubkey-algorithms.ts";
import type { Ssh2 } from "./ssh2.ts";

/**
 * How native logs in: the agent (unless IdentitiesOnly) and each private key file that exists, in ssh's order; and
 * what ssh would say of the rest (a key it ignores), for a login that fails.
 */
export type Identities = {
  readonly agent: string | undefined;
  /** The agent's keys to offer (IdentitiesOnly: those of the key files), or undefined for all. */
  readonly agentOnly: readonly Blob[] | undefined;
  /**
   * Which of the agent's keys ssh would offer at all (PubkeyAcceptedAlgorithms, RequiredRSASize; the key files were
   * taken by it already), and so which signature it makes with an RSA key.
   */
  readonly agentPolicy: KeyPolicy;
  /** The agent socket ForwardAgent hands to the host: IdentityAgent's (or SSH_AUTH_SOCK), IdentitiesOnly or not. */
  readonly forward: string | undefined;
  readonly keys: readonly Key[];
  readonly warnings: readonly string[];
};
type Key = { readonly file: string; readonly data: Buffer; readonly blob: Blob };
// A key ssh ignores, and its words for that.
type Ignored = { readonly ignored: readonly string[] };
// A key that needs a passphrase: ssh uses the agent's copy, else asks for it.
type Locked = { readonly locked: string; readonly blob: Blob | undefined };
type ParseKey = Ssh2["parseKey"];

/**
 * The identities for `resolved`, in ssh's order, or why only ssh can use them: a key that needs a passphrase and that
 * the agent does not hold (ssh would ask for it), a type the library cannot sign with (FIDO `sk` keys), a certificate
 * next to the key.
 */
export async function identities(
  resolved: ResolvedSsh,
  ssh2: Ssh2,
): Promise<Identities | { readonly openssh: string }> {
  const files: (Key | Locked)[] = [];
  const agentPolicy = keyPolicy(resolved);
  const warnings = [...resolved.warnings];
  for (const written of resolved.identityFiles) {
    // ssh's way to name no file (IdentityFile none), whatever its case.
    if (written.toLowerCase() === "none") continue;
    const file = identityPath(resolved, written);
    const key = keyFile(file, ssh2.parseKey) ?? (existsSync(`${file}-cert.pub`) ? certified(file) : undefined);
    if (typeof key === "string") return { openssh: key };
    if (key !== undefined && "ignored" in key) warnings.push(...key.ignored);
    // ssh skips a key of a type PubkeyAcceptedAlgorithms does not name, or an RSA key under RequiredRSASize (one whose
    // public part it cannot read, it asks for).
    else if (key !== undefined && (key.blob === undefined || offered(agentPolicy, Buffer.from(key.blob, "base64"))))
      files.push(key);
  }
  const socket = resolved.identityAgent;
  const present = socket !== undefined && existsSync(socket);
  const forward = present && resolved.forwardAgent ? socket : undefined;
  // As ssh: the agent's keys in its order (under IdentitiesOnly, those of the key files alone), then the key files the
  // agent does not hold. A key that needs a passphrase is used through the agent, else ssh asks for it.
  const held = present && files.length > 0 ? await agentKeys(ssh2, socket) : [];
  const rest = files.filter((key) => key.blob === undefined || !held.includes(key.blob));
  const locked = rest.find((key) => "locked" in key);
  if (locked !== undefined)
    return { openssh: `IdentityFile ${locked.locked} needs a passphrase, and no agent holds it` };
  const keys = rest.filter((key) => "data" in key);
  const onlyFiles = files.flatMap((key) => (key.blob !== undefined && held.includes(key.blob) ? [key.blob] : []));
  if (!resolved.identitiesOnly)
    return { agent: present ? socket : undefined, agentOnly: undefined, agentPolicy, forward, keys, warnings };
  const agent = onlyFiles.length > 0 ? socket : undefined;
  return { agent, agentOnly: agent === undefined ? undefined : onlyFiles, agentPolicy, forward, keys, warnings };
}

// A key file, read once while it stays the same file with the same mode and contents (as far as stat tells): the key,
// undefined when it cannot be read (ssh skips it too), one ssh ignores, or why native cannot use it.
const keyFile = perFile((file, stats, parseKey: ParseKey): Key | Ignored | Locked | string | undefined => {
  if (existsSync(`${file}-cert.pub`)) return certified(file);
  // ssh ignores a key file of yours that others may read (sshkey_perm_ok), before it reads it.
  if (stats.uid === process.getuid?.() && (stats.mode & 0o077) !== 0) {
    const perms = (stats.mode & 0o777).toString(8).padStart(4, "0");
    return { ignored: [`Permissions ${perms} for '${file}' are too open.`, `Load key "${file}": bad permissions`] };
  }
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return undefined;
  }
  const parsed = parseKey(data);
  if (parsed instanceof Error) {
    return /encrypted|passphrase/i.test(parsed.message)
      ? { locked: file, blob: lockedKeyBlob(file, data, parseKey) }
      : `IdentityFile ${file}: ${parsed.message}`;
  }
  const key = Array.isArray(parsed) ? parsed[0]! : parsed;
  if (key.type.startsWith("sk-")) return `IdentityFile ${file} is a FIDO (sk) key`;
  if (!key.isPrivateKey()) return `IdentityFile ${file} holds no private key`;
  return { file, data, blob: blobOf(key) };
});

// Why a key with a certificate next to it goes to ssh.
function certified(file: string): string {
  return `IdentityFile ${file} has a certificate (${file}-cert.pub)`;
}
