import { existsSync, readFileSync } from "node:fs";
import { perFile } from "../file-cache.ts";
import { identityPath } from "../resolve/resolve.ts";
import type { ResolvedSsh } from "../resolve/resolved.ts";
import { strerrorOf } from "../strerror.ts";
import { agentKeys, blobOf, lockedKeyBlob, type Blob } from "./agent-keys.ts";
import { missingKeyFile, type Missing, type Public } from "./missing-key.ts";
import { keyPolicy, offered, type KeyPolicy } from "./pubkey-algorithms.ts";
import type { Ssh2 } from "./ssh2.ts";

/**
 * How native logs in: the agent (under IdentitiesOnly, its keys of the key files) and each private key file that
 * exists, in ssh's order; and what ssh would say of the rest (a key it ignores, a missing file) if the login fails.
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
  readonly warnings: readonly string[];
};
type Key = { readonly file: string; readonly data: Buffer; readonly blob: Blob };
// sshkey_perm_ok's words, in full.
const UNPROTECTED = (perms: string, file: string) => [
  "@".repeat(59),
  "@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @",
  "@".repeat(59),
  `Permissions ${perms} for '${file}' are too open.`,
  "It is required that your private key files are NOT accessible by others.",
  "This private key will be ignored.",
];
// A key ssh ignores, and its words for that; its public key, for the agent's copy.
type Ignored = { readonly ignored: readonly string[]; readonly file: string; readonly blob: Blob | undefined };
// A key that needs a passphrase: ssh uses the agent's copy, else asks for it.
type Locked = { readonly locked: string; readonly blob: Blob | undefined };
type ParseKey = Ssh2["parseKey"];

/**
 * The identities for `resolved`, in ssh's order, or why only ssh can use them: a key that needs a passphrase and that
 * the agent does not hold (ssh would ask for it), one whose private key file is missing and that the agent does not
 * hold (ssh offers it, and what it says depends on the server), a type the library cannot sign with (FIDO `sk` keys), a
 * certificate next to the key.
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
  const present = socket !== undefined && existsSync(socket);
  const forward = present && resolved.forwardAgent ? socket : undefined;
  // As ssh (pubkey_prepare): the agent's keys of the key files, in its order (under IdentitiesOnly, those alone), then
  // the key files the agent does not hold, each tried in turn.
  const held = present && files.length > 0 ? await agentKeys(ssh2, socket) : [];
  const inAgent = (key: (typeof files)[number]) => "blob" in key && key.blob !== undefined && held.includes(key.blob);
  const rest = files.filter((key) => !inAgent(key));
  const why = notAsSsh(rest);
  if (why !== undefined) return { openssh: why };
  const keys = rest.filter((key) => "data" in key);
  const warnings = [
    ...resolved.warnings,
    ...rest.flatMap((key) => ("ignored" in key ? key.ignored : "said" in key && key.said ? [key.said] : [])),
  ];
  const onlyFiles = files.flatMap((key) => (inAgent(key) && "blob" in key && key.blob ? [key.blob] : []));
  const common = { agentFirst: onlyFiles, agentPolicy, forward, keys, warnings };
  if (!resolved.identitiesOnly) return { agent: present ? socket : undefined, agentOnly: undefined, ...common };
  const agent = onlyFiles.length > 0 ? socket : undefined;
  return { agent, agentOnly: agent === undefined ? undefined : onlyFiles, ...common };
}

// Why native cannot try the key files the agent does not hold as ssh does, in their order: one that needs a
// passphrase, one whose public key alone is here, one missing or ignored whose words ssh says before it tries a key
// after it.
function notAsSsh(rest: readonly (Key | Locked | Public | Missing | Ignored)[]): string | undefined {
  for (const [i, key] of rest.entries()) {
    if ("locked" in key) return `IdentityFile ${key.locked} needs a passphrase, and no agent holds it`;
    if ("public" in key) return `IdentityFile ${key.public} is missing, and no agent holds the key of its .pub`;
    if ("said" in key && key.said !== undefined && rest.slice(i + 1).some((later) => "data" in later))
      return `IdentityFile ${key.missing} is missing: ssh says so before it tries the key files after it`;
    if ("ignored" in key && rest.slice(i + 1).some((later) => "data" in later))
      return `IdentityFile ${key.file} may be read by others: ssh says so before it tries the key files after it`;
  }
  return undefined;
}

// A key file, read once while it stays the same file with the same mode and contents (as far as stat tells): the key,
// one ssh ignores, or why native cannot use it; undefined when stat cannot reach it (missing-key.ts).
const keyFile = perFile((file, stats, parseKey: ParseKey): Key | Ignored | Locked | string | undefined => {
  if (existsSync(`${file}-cert.pub`)) return certified(file);
  // ssh ignores a key file of yours that others may read (sshkey_perm_ok) when it loads the private key; its public
  // key (sshkey_load_public, perms unchecked) still finds the agent's copy, which then logs in.
  if (stats.uid === process.getuid?.() && (stats.mode & 0o077) !== 0) {
    const perms = (stats.mode & 0o777).toString(8).padStart(4, "0");
    const ignored = [...UNPROTECTED(perms, file), `Load key "${file}": bad permissions`];
    return { ignored, file, blob: publicOf(file, parseKey) };
  }
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (error) {
    // ssh says why when it comes to the file (load_identity_file): only ssh knows when that is.
    return `IdentityFile ${file} cannot be read (${strerrorOf(error)})`;
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

// The public key of a key file native may not use itself, read as ssh reads it.
function publicOf(file: string, parseKey: ParseKey): Blob | undefined {
  try {
    return lockedKeyBlob(file, readFileSync(file), parseKey);
  } catch {
    return undefined;
  }
}

function decoded(blob: Blob): Buffer {
  return Buffer.from(blob, "base64");
}

// Why a key with a certificate next to it goes to ssh.
function certified(file: string): string {
  return `IdentityFile ${file} has a certificate (${file}-cert.pub)`;
}
