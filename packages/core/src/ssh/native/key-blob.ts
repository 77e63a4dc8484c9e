import { WireReader } from "../wire.ts";

/** The type named at the start of a key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`). */
export function keyType(blob: Buffer): string {
  return new WireReader(blob).string()?.toString("latin1") ?? "";
}

/** The modulus size of an `ssh-rsa` key blob in bits (what RequiredRSASize bounds), or undefined for another blob. */
export function rsaBits(blob: Buffer): number | undefined {
  // string "ssh-rsa", mpint e, mpint n (big-endian, a leading zero byte when its top bit is set).
  const wire = new WireReader(blob);
  if (wire.string()?.toString("latin1") !== "ssh-rsa" || wire.string() === undefined) return undefined;
  const n = wire.string();
  if (n === undefined) return undefined;
  const first = n.findIndex((byte) => byte !== 0);
  return first === -1 ? 0 : (n.length - first - 1) * 8 + (32 - Math.clz32(n[first]!));
}

/** The hash each RSA signature name signs with (sign-at-once.ts signs by it, host-key-proof.ts verifies by it). */
export const RSA_HASH: Readonly<Record<string, string>> = {
  "ssh-rsa": "sha1",
  "rsa-sha2-256": "sha256",
  "rsa-sha2-512": "sha512",
};

// How many strings (or mpints) follow the type in a public key of each plain type ssh reads.
const FIELDS: Readonly<Record<string, number>> = {
  "ssh-ed25519": 1,
  "ssh-rsa": 2,
  "ecdsa-sha2-nistp256": 2,
  "ecdsa-sha2-nistp384": 2,
  "ecdsa-sha2-nistp521": 2,
  "ssh-dss": 4,
  "sk-ssh-ed25519@openssh.com": 2,
  "sk-ecdsa-sha2-nistp256@openssh.com": 3,
};

/**
 * A known_hosts line's `type base64` as the key blob it is, when ssh reads it as a key (a line it cannot read, it
 * skips): a blob of that type and shape, or a certificate of it; else undefined. Pure.
 */
export function keyBlob(type: string, base64: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  const blob = Buffer.from(base64, "base64");
  const wire = new WireReader(blob);
  if (wire.string()?.toString("latin1") !== type) return undefined;
  if (type.endsWith("-cert-v01@openssh.com")) return blob;
  const fields = FIELDS[type];
  if (fields === undefined) return undefined;
  const read = Array.from({ length: fields }, () => wire.string());
  if (read.includes(undefined) || wire.left() !== 0) return undefined;
  // An Ed25519 key is 32 bytes; an ECDSA key names its own curve.
  if (type.includes("ed25519")) return read[0]!.length === 32 ? blob : undefined;
  const curve = /nistp\d+/.exec(type)?.[0];
  return curve === undefined || read[0]!.toString("latin1") === curve ? blob : undefined;
}

/** The type as OpenSSH names it in messages (sshkey_type): ED25519, ECDSA, RSA. */
export function keyTypeName(type: string): string {
  const plain = type.replace(/-cert-v01@openssh\.com$/, "");
  const cert = plain === type ? "" : "-CERT";
  if (plain === "ssh-ed25519") return `ED25519${cert}`;
  if (plain.startsWith("ecdsa-")) return `ECDSA${cert}`;
  if (plain === "ssh-rsa") return `RSA${cert}`;
  if (plain === "ssh-dss") return `DSA${cert}`;
  if (plain === "sk-ssh-ed25519@openssh.com") return `ED25519-SK${cert}`;
  if (plain === "sk-ecdsa-sha2-nistp256@openssh.com") return `ECDSA-SK${cert}`;
  return "unknown";
}
