import { existsSync, readFileSync } from "node:fs";
import { identityPath, type ResolvedSsh } from "../resolve/resolve.ts";

/** How native logs in: the agent (unless IdentitiesOnly) and each private key file that exists, in ssh's order. */
export type Identities = { readonly agent: string | undefined; readonly keys: readonly Key[] };
type Key = { readonly file: string; readonly data: Buffer };
type ParseKey = (data: Buffer) => unknown;

const loaded = new Map<string, Key | string | undefined>();

/**
 * The identities for `resolved`, or why only ssh can use them: a key that needs a passphrase (ssh can ask, or use the
 * agent's copy), a type the library cannot sign with (FIDO `sk` keys), a certificate next to the key.
 */
export function identities(resolved: ResolvedSsh, parseKey: ParseKey): Identities | { readonly openssh: string } {
  const keys: Key[] = [];
  for (const written of resolved.identityFiles) {
    const file = identityPath(resolved, written);
    let key = loaded.get(file);
    if (!loaded.has(file)) loaded.set(file, (key = load(file, parseKey)));
    if (typeof key === "string") return { openssh: key };
    if (key !== undefined) keys.push(key);
  }
  const agent = resolved.identitiesOnly ? undefined : resolved.identityAgent;
  return { agent: agent !== undefined && existsSync(agent) ? agent : undefined, keys };
}

// A key file: the key, undefined when there is none (ssh skips it too), or why native cannot use it.
function load(file: string, parseKey: ParseKey): Key | string | undefined {
  if (existsSync(`${file}-cert.pub`)) return `IdentityFile ${file} has a certificate (${file}-cert.pub)`;
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
