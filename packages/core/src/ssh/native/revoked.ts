import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { perFile } from "../file-cache.ts";
import { keyType } from "./key-blob.ts";

const PLAIN = new Set(["ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"]);

/**
 * The keys (wire blobs, base64) a RevokedHostKeys file lists one per line, or undefined where ssh's reading of it is
 * ssh's to do: a path it would expand (ssh 9 opens it as written), a file it cannot open (every connection then
 * fails, in ssh's words), a KRL, or a line that is not a plain public key (ssh fails on one it cannot read).
 */
export function revokedKeys(path: string): ReadonlySet<string> | undefined {
  return /[~%$]/.test(path) ? undefined : readRevoked(path);
}

const readRevoked = perFile((path): ReadonlySet<string> | undefined => {
  try {
    return listed(readFileSync(path));
  } catch {
    return undefined;
  }
});

/** A key's fingerprint as ssh prints it by default: `SHA256:` and the digest in base64 without padding. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

// The keys of a flat list, or undefined for a KRL or a line ssh would not read as a plain public key.
function listed(data: Buffer): Set<string> | undefined {
  if (data.subarray(0, 8).toString("latin1") === "SSHKRL\n\0") return undefined;
  const keys = new Set<string>();
  for (const line of data.toString("utf8").split("\n")) {
    const text = line.replace(/^[ \t]+/, "");
    if (text === "" || text.startsWith("#")) continue;
    const [type = "", key = ""] = text.split(/[ \t]+/);
    const blob = Buffer.from(key, "base64");
    // A key ssh reads: a plain type, its blob in base64 as ssh writes it, of the type it names.
    if (!PLAIN.has(type) || blob.toString("base64") !== key || keyType(blob) !== type) return undefined;
    keys.add(key);
  }
  return keys;
}
