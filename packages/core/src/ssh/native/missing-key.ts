import { readFileSync, statSync } from "node:fs";
import { includedFiles } from "../resolve/glob.ts";
import { readLines } from "../resolve/lines.ts";
import { DEFAULT_IDENTITIES } from "../resolve/fill-in.ts";
import type { ResolvedSsh } from "../resolve/resolved.ts";
import { strerror } from "../strerror.ts";
import { blobOf, type Blob } from "./agent-keys.ts";
import { saysInfo } from "./banner.ts";
import type { Ssh2 } from "./ssh2.ts";

/**
 * An IdentityFile that does not exist, whose public key `file.pub` gives: only an agent can sign with it. Else ssh
 * offers the key and, where the server would take it, says `said` (or only ssh can tell: `openssh`).
 */
export type Public = {
  readonly public: string;
  readonly blob: Blob;
  readonly said: string | undefined;
  readonly openssh: string | undefined;
};
/** An IdentityFile that does not exist, nor its `.pub`: what ssh says when it comes to it (undefined: nothing). */
export type Missing = { readonly missing: string; readonly said: string | undefined };

const SYSTEM_CONFIG = "/etc/ssh/ssh_config";

/**
 * What ssh makes of the IdentityFile `written` (at `file`) when stat cannot reach it (sshkey_load_public): the public
 * key of `file.pub`, else its words when it tries the file (load_identity_file), else why only ssh can tell.
 */
export function missingKeyFile(
  resolved: ResolvedSsh,
  written: string,
  file: string,
  parseKey: Ssh2["parseKey"],
): Public | Missing | string | undefined {
  let code: string | undefined;
  try {
    statSync(file);
    return undefined;
  } catch (error) {
    code = (error as NodeJS.ErrnoException).code;
  }
  const pub = publicKey(`${file}.pub`, parseKey);
  if (pub !== undefined && "openssh" in pub) return pub.openssh;
  const said = noSuchIdentity(resolved, written, file, code);
  const words = typeof said === "string" ? said : undefined;
  const openssh = typeof said === "object" ? said.openssh : undefined;
  if (pub !== undefined) return { public: file, blob: pub.blob, said: words, openssh };
  return openssh ?? { missing: file, said: words };
}

// What ssh says when it comes to a missing key file (load_identity_file), or why only ssh can tell.
function noSuchIdentity(
  resolved: ResolvedSsh,
  written: string,
  file: string,
  code: string | undefined,
): string | undefined | { readonly openssh: string } {
  // ssh says it at INFO for a file the user named, at DEBUG3 for its defaults and the system file's.
  if (!saysInfo(resolved) || sameList(resolved.identityFiles, DEFAULT_IDENTITIES)) return undefined;
  if (systemIdentityFiles(SYSTEM_CONFIG, 0).includes(written))
    return {
      openssh: `IdentityFile ${written} is missing, and ${SYSTEM_CONFIG} names it: ssh says so only for a user's file`,
    };
  const words = strerror(code);
  return words === undefined
    ? { openssh: `IdentityFile ${file} is missing (${code})` }
    : `no such identity: ${file}: ${words}`;
}

// The key of a public key file as ssh reads it (its first key line), undefined when there is none, or why only ssh
// can read it (a certificate, a security key, a type the library lacks).
function publicKey(
  path: string,
  parseKey: Ssh2["parseKey"],
): { readonly blob: Blob } | { readonly openssh: string } | undefined {
  let text: string;
  try {
    text = readFileSync(path, "latin1");
  } catch {
    return undefined;
  }
  const line = text
    .split("\n")
    .map((l) => l.replace(/^[ \t]+/, "").replace(/\r$/, ""))
    .find((l) => l !== "" && !l.startsWith("#"));
  // ssh stops at a private key's armour: no public key there.
  if (line === undefined || line.startsWith("-----BEGIN") || line === "SSH PRIVATE KEY FILE") return undefined;
  const parsed = parseKey(line);
  const key = parsed instanceof Error ? undefined : Array.isArray(parsed) ? parsed[0] : parsed;
  if (key === undefined || key.isPrivateKey() || /cert|^sk-/.test(key.type))
    return { openssh: `IdentityFile ${path}: a key native does not read as ssh does` };
  return { blob: blobOf(key) };
}

// Every IdentityFile the system's config names (its Includes too), whatever block it is in.
function systemIdentityFiles(file: string, depth: number): string[] {
  if (depth > 16) return [];
  return (readLines(file) ?? []).flatMap((line) => {
    if (line.keyword === "identityfile") return [...line.args];
    if (line.keyword !== "include") return [];
    return line.args.flatMap((pattern) => {
      try {
        return includedFiles(pattern, false).flatMap((included) => systemIdentityFiles(included, depth + 1));
      } catch {
        return [];
      }
    });
  });
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
