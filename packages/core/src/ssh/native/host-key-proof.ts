import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { WireReader, wireString } from "../wire.ts";
import { keyType, RSA_HASH } from "./key-blob.ts";

// The RSA signatures ssh takes as proof of an RSA key when the connection's own host key is not RSA.
const RSA_PROOFS = new Set(["rsa-sha2-512", "rsa-sha2-256"]);
const HASHES: Readonly<Record<string, string>> = {
  ...RSA_HASH,
  "ecdsa-sha2-nistp256": "sha256",
  "ecdsa-sha2-nistp384": "sha384",
  "ecdsa-sha2-nistp521": "sha512",
};
const ECDSA_BYTES: Readonly<Record<string, number>> = { nistp256: 32, nistp384: 48, nistp521: 66 };

/**
 * As ssh's client_global_hostkeys_prove_confirm judges the server's signature `signature` over key `blob` (its public
 * key as `pem`): good, bad, or an RSA proof ssh disregards (one of SHA-1 when the host key in use is not RSA).
 */
export function proofOf(
  blob: Buffer,
  pem: string,
  signature: Buffer,
  sessionId: Buffer,
  hostKeyAlgorithm: string,
): "good" | "bad" | "disregard" {
  const wire = new WireReader(signature);
  const algorithm = wire.string()?.toString("latin1");
  const bytes = wire.string();
  if (algorithm === undefined || bytes === undefined) return "bad";
  const type = keyType(blob);
  const rsaInUse = hostKeyAlgorithm === "ssh-rsa" || hostKeyAlgorithm.startsWith("rsa-sha2-");
  if (type === "ssh-rsa" && !rsaInUse && !RSA_PROOFS.has(algorithm)) return "disregard";
  // With an RSA host key in use, an RSA proof must be of its algorithm; any other key's, of the key's own type.
  if (type === "ssh-rsa" ? rsaInUse && algorithm !== hostKeyAlgorithm : algorithm !== type) return "bad";
  const signed = Buffer.concat([wireString("hostkeys-prove-00@openssh.com"), wireString(sessionId), wireString(blob)]);
  try {
    const key = createPublicKey(pem);
    return verified(type, algorithm, signed, key, bytes) ? "good" : "bad";
  } catch {
    return "bad";
  }
}

function verified(type: string, algorithm: string, data: Buffer, key: KeyObject, bytes: Buffer): boolean {
  if (type === "ssh-ed25519") return verify(null, data, key, bytes);
  const hash = HASHES[algorithm];
  if (hash === undefined) return false;
  if (!type.startsWith("ecdsa-")) return verify(hash, data, key, bytes);
  // An ECDSA signature is two mpints, r and s: each made the curve's size, as IEEE P1363 lays them out.
  const size = ECDSA_BYTES[type.slice("ecdsa-sha2-".length)] ?? 0;
  const parts = new WireReader(bytes);
  const [r, s] = [parts.string(), parts.string()];
  if (r === undefined || s === undefined) return false;
  const fixed = (n: Buffer) => {
    const digits = n.subarray(
      Math.max(
        n.findIndex((b) => b !== 0),
        0,
      ),
    );
    return digits.length > size ? undefined : Buffer.concat([Buffer.alloc(size - digits.length), digits]);
  };
  const [fr, fs] = [fixed(r), fixed(s)];
  if (fr === undefined || fs === undefined) return false;
  return verify(hash, data, { key, dsaEncoding: "ieee-p1363" }, Buffer.concat([fr, fs]));
}
