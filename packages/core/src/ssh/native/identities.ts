import { existsSync, readFileSync, statSync, type Stats } from "node:fs";
import { identityPath, type ResolvedSsh } from "../resolve/resolve.ts";

/**
 * How native logs in: the agent (unless IdentitiesOnly) and each private key file that exists, in ssh's order; and
 * what ssh would say of the rest (a key it ignores), for a login that fails.
 */
export type Identities = {
  readonly agent: string | undefined;
  /** The agent socket ForwardAgent hands to the host: IdentityAgent's (or SSH_AUTH_SOCK), IdentitiesOnly or not. */
  readonly forward: string | undefined;
  readonly keys: readonly Key[];
  readonly warnings: readonly string[];
};
type Key = { readonly file: string; readonly data: Buffer };
// A key ssh ignores, and its words for that.
type Ignored = { readonly ignored: readonly string[] };
type ParseKey = (data: Buffer) => unknown;

// Each key file is read once while it stays the same file with the same mode and contents (as far as stat tells).
const loaded = new Map<string, { readonly stamp: string; readonly key: Key | Ignored | string | undefined }>();

/**
 * The identities for `resolved`, or why only ssh can use them: a key that needs a passphrase (ssh can ask, or use the
 * agent's copy), a type the library cannot sign with (FIDO `sk` keys), a certificate next to the key.
 */
export function identities(resolved: ResolvedSsh, parseKey: ParseKey): Identities | { readonly openssh: string } {
  const keys: Key[] = [];
  const warnings = [...resolved.warnings];
  for (const written of resolved.identityFiles) {
    const file = identityPath(resolved, written);
    const stats = statOf(file);
    const stamp = stats === undefined ? "" : `${stats.ino}:${stats.mode}:${stats.size}:${stats.mtimeMs}`;
    let entry = loaded.get(file);
    if (entry?.stamp !== stamp) loaded.set(file, (entry = { stamp, key: load(file, stats, parseKey) }));
    const { key } = entry;
    if (typeof key === "string") return { openssh: key };
    if (key !== undefined && "ignored" in key) warnings.push(...key.ignored);
    else if (key !== undefined) keys.push(key);
  }
  const present = resolved.identityAgent !== undefined && existsSync(resolved.identityAgent);
  const agent = present && !resolved.identitiesOnly ? resolved.identityAgent : undefined;
  return { agent, forward: present && resolved.forwardAgent ? resolved.identityAgent : undefined, keys, warnings };
}

function statOf(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

// A key file (`stats` undefined when there is none): the key, undefined when there is none or it cannot be read (ssh
// skips it too), one ssh ignores, or why native cannot use it.
function load(file: string, stats: Stats | undefined, parseKey: ParseKey): Key | Ignored | string | undefined {
  if (existsSync(`${file}-cert.pub`)) return `IdentityFile ${file} has a certificate (${file}-cert.pub)`;
  if (stats === undefined) return undefined;
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
      ? `IdentityFile ${file} needs a passphrase`
      : `IdentityFile ${file}: ${parsed.message}`;
  }
  const key = (Array.isArray(parsed) ? parsed[0] : parsed) as { type?: string; isPrivateKey?: () => boolean };
  if (key.type?.startsWith("sk-")) return `IdentityFile ${file} is a FIDO (sk) key`;
  if (key.isPrivateKey?.() === false) return `IdentityFile ${file} holds no private key`;
  return { file, data };
}
