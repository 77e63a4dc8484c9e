import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import { proofOf } from "../src/ssh/native/host-key-proof.ts";
import { wireMpint, wireString } from "../src/ssh/wire.ts";

// The server's proofs of its host keys (hostkeys-prove-00@openssh.com), judged as ssh judges them.
const session = Buffer.alloc(32, 7);
const part = (key: KeyObject, name: "x" | "y" | "n" | "e") =>
  Buffer.from(String(key.export({ format: "jwk" })[name]), "base64url");
const signed = (blob: Buffer, id = session) =>
  Buffer.concat([wireString("hostkeys-prove-00@openssh.com"), wireString(id), wireString(blob)]);
const pem = (key: KeyObject) => String(key.export({ type: "spki", format: "pem" }));

const ed = generateKeyPairSync("ed25519");
const edBlob = Buffer.concat([wireString("ssh-ed25519"), wireString(part(ed.publicKey, "x"))]);
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
const ecPoint = Buffer.concat([Buffer.of(4), part(ec.publicKey, "x"), part(ec.publicKey, "y")]);
const ecBlob = Buffer.concat([wireString("ecdsa-sha2-nistp256"), wireString("nistp256"), wireString(ecPoint)]);
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const rsaBlob = Buffer.concat([
  wireString("ssh-rsa"),
  wireMpint(part(rsa.publicKey, "e")),
  wireMpint(part(rsa.publicKey, "n")),
]);

// A signature as the server sends it: its algorithm, then its bytes (ECDSA's as two mpints).
function proof(algorithm: string, bytes: Buffer): Buffer {
  return Buffer.concat([wireString(algorithm), wireString(bytes)]);
}
const edProof = (id = session) => proof("ssh-ed25519", sign(null, signed(edBlob, id), ed.privateKey));
const rsaProof = (algorithm: string, hash: string) => proof(algorithm, sign(hash, signed(rsaBlob), rsa.privateKey));

describe("proofOf", () => {
  it("takes a good Ed25519 proof, and refuses one over another session or of another type", () => {
    expect(proofOf(edBlob, pem(ed.publicKey), edProof(), session, "ssh-ed25519")).toBe("good");
    expect(proofOf(edBlob, pem(ed.publicKey), edProof(Buffer.alloc(32, 8)), session, "ssh-ed25519")).toBe("bad");
    const mislabelled = proof("ssh-rsa", sign(null, signed(edBlob), ed.privateKey));
    expect(proofOf(edBlob, pem(ed.publicKey), mislabelled, session, "ssh-ed25519")).toBe("bad");
  });

  it("takes an ECDSA proof given as two mpints", () => {
    const raw = sign("sha256", signed(ecBlob), { key: ec.privateKey, dsaEncoding: "ieee-p1363" });
    const bytes = Buffer.concat([wireMpint(raw.subarray(0, 32)), wireMpint(raw.subarray(32))]);
    expect(proofOf(ecBlob, pem(ec.publicKey), proof("ecdsa-sha2-nistp256", bytes), session, "ssh-ed25519")).toBe(
      "good",
    );
    bytes[bytes.length - 1]! ^= 1;
    expect(proofOf(ecBlob, pem(ec.publicKey), proof("ecdsa-sha2-nistp256", bytes), session, "ssh-ed25519")).toBe("bad");
  });

  it("judges RSA proofs by the host key in use: its algorithm when RSA, else SHA-2 only (SHA-1 disregarded)", () => {
    const key = pem(rsa.publicKey);
    expect(proofOf(rsaBlob, key, rsaProof("rsa-sha2-512", "sha512"), session, "ssh-ed25519")).toBe("good");
    expect(proofOf(rsaBlob, key, rsaProof("ssh-rsa", "sha1"), session, "ssh-ed25519")).toBe("disregard");
    expect(proofOf(rsaBlob, key, rsaProof("rsa-sha2-512", "sha512"), session, "rsa-sha2-256")).toBe("bad");
    expect(proofOf(rsaBlob, key, rsaProof("rsa-sha2-256", "sha256"), session, "rsa-sha2-256")).toBe("good");
    expect(proofOf(rsaBlob, key, rsaProof("rsa-sha2-256", "sha512"), session, "rsa-sha2-256")).toBe("bad");
  });
});
