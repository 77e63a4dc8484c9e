import { existsSync, readFileSync } from "node:fs";
import type { ParsedKey } from "ssh2";
import { perFile } from "../file-cache.ts";
import { strerrorOf } from "../strerror.ts";
import { blobOf, lockedKeyBlob, type Blob } from "./agent-keys.ts";
import type { Ssh2 } from "./ssh2.ts";

/** A private key file native signs with: its path, its bytes, the key ssh2 parsed from them and its public key. */
export type Key = { readonly file: string; readonly data: Buffer; readonly parsed: ParsedKey; readonly blob: Blob };
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
export type Ignored = { readonly ignored: readonly string[]; readonly file: string; readonly blob: Blob | undefined };
// A key that needs a passphrase: ssh uses the agent's copy, else asks for it.
export type Locked = { readonly locked: string; readonly blob: Blob | undefined };
type ParseKey = Ssh2["parseKey"];

// A key file, read once while it stays the same file with the same mode and contents (as far as stat tells): the key,
// one ssh ignores, or why native cannot use it; undefined when stat cannot reach it (missing-key.ts).
export const keyFile = perFile((file, stats, parseKey: ParseKey): Key | Ignored | Locked | string | undefined => {
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
  // A PuTTY key, which ssh2 reads and ssh does not ("Load key …: error in libcrypto").
  if (data.subarray(0, 20).toString("latin1") === "PuTTY-User-Key-File-")
    return `IdentityFile ${file} is a PuTTY key, which ssh cannot load (puttygen converts it: -O private-openssh)`;
  const parsed = parseKey(data);
  if (parsed instanceof Error) {
    return /encrypted|passphrase/i.test(parsed.message)
      ? { locked: file, blob: lockedKeyBlob(file, data, parseKey) }
      : `IdentityFile ${file}: ${parsed.message}`;
  }
  const key = Array.isArray(parsed) ? parsed[0]! : parsed;
  if (key.type.startsWith("sk-")) return `IdentityFile ${file} is a FIDO (sk) key`;
  if (!key.isPrivateKey()) return `IdentityFile ${file} holds no private key`;
  return { file, data, parsed: key, blob: blobOf(key) };
});

// The public key of a key file native may not use itself, read as ssh reads it.
function publicOf(file: string, parseKey: ParseKey): Blob | undefined {
  try {
    return lockedKeyBlob(file, readFileSync(file), parseKey);
  } catch {
    return undefined;
  }
}

// Why a key with a certificate next to it goes to ssh.
export function certified(file: string): string {
  return `IdentityFile ${file} has a certificate (${file}-cert.pub)`;
}
