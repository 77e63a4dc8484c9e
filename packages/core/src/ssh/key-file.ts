import { readFileSync } from "node:fs";
import { WireReader } from "./wire.ts";

/** What a private key file tells without its passphrase: whether it needs one, and its public key if it holds it. */
export type KeyFileHead = { readonly locked: boolean; readonly publicKey: Buffer | undefined };

/** Reads the head of a private key file: OpenSSH's format, or PEM (which keeps no public key); else undefined. */
export function keyFileHead(data: Buffer): KeyFileHead | undefined {
  const text = data.toString("latin1");
  const armored = /-----BEGIN OPENSSH PRIVATE KEY-----([^-]*)-----END OPENSSH PRIVATE KEY-----/.exec(text);
  if (armored !== null) return opensshHead(Buffer.from(armored[1]!.replace(/\s+/g, ""), "base64"));
  if (!/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text)) return undefined;
  return {
    locked: /-----BEGIN ENCRYPTED PRIVATE KEY-----|^Proc-Type: *4, *ENCRYPTED/m.test(text),
    publicKey: undefined,
  };
}

/** The first of `files` (private key files) that needs a passphrase, if any; a file that cannot be read is none. */
export function firstLockedKey(files: readonly string[]): string | undefined {
  return files.find((file) => {
    try {
      return keyFileHead(readFileSync(file))?.locked === true;
    } catch {
      return false;
    }
  });
}

// "openssh-key-v1\0", then the cipher's name ("none" unencrypted), the KDF's name and options, the number of keys and
// the first public key, each a length-prefixed string: none of it encrypted.
function opensshHead(bytes: Buffer): KeyFileHead | undefined {
  const magic = "openssh-key-v1\0";
  if (bytes.toString("latin1", 0, magic.length) !== magic) return undefined;
  const wire = new WireReader(bytes, magic.length);
  const cipher = wire.string()?.toString("latin1");
  // The KDF's name and options.
  if (cipher === undefined || wire.string() === undefined || wire.string() === undefined) return undefined;
  const count = wire.uint32();
  const key = count !== undefined && count >= 1 ? wire.string() : undefined;
  return { locked: cipher !== "none", publicKey: key === undefined || key.length === 0 ? undefined : key };
}
