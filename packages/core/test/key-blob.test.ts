import { spawnSync } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { keyBlob } from "../src/ssh/native/key-blob.ts";
import { wireMpint, wireString } from "../src/ssh/wire.ts";

// keyBlob against ssh-keygen -l, which reads each line with the sshkey_read that ssh's known_hosts reading uses: a
// line either takes is one the other takes.
const dir = mkdtempSync(join(tmpdir(), "dk-key-blob-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const blob = (...fields: (Buffer | string)[]) => Buffer.concat(fields.map((f) => wireString(f)));
const b64 = (buffer: Buffer) => buffer.toString("base64");
const hex = (n: bigint, bytes: number) => Buffer.from(n.toString(16).padStart(bytes * 2, "0"), "hex");
// A number of exactly `bits` bits (odd, top bit set): ssh checks only an RSA modulus' size.
const ofBits = (bits: number) => {
  const n = randomBytes(Math.ceil(bits / 8));
  n[0] = (n[0]! & (0xff >> (n.length * 8 - bits))) | (0x80 >> (n.length * 8 - bits));
  return n;
};
const rsa = (bits: number, e = Buffer.of(1, 0, 1)) =>
  blob("ssh-rsa", wireMpint(e).subarray(4), wireMpint(ofBits(bits)).subarray(4));

// P-256, where a point for any x whose right side is a square is y = rhs^((p + 1) / 4) (p ≡ 3 mod 4).
const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const pow = (b: bigint, e: bigint): bigint => (e === 0n ? 1n : (pow((b * b) % P, e >> 1n) * (e & 1n ? b : 1n)) % P);
function pointFrom(x0: bigint): Buffer {
  for (let x = x0; ; x++) {
    const rhs = ((((x * x - 3n) * x + B) % P) + P) % P;
    const y = pow(rhs, (P + 1n) / 4n);
    if ((y * y) % P === rhs) return Buffer.concat([Buffer.of(4), hex(x, 32), hex(y, 32)]);
  }
}
const ecdsa = (point: Buffer, curve = "nistp256") => blob("ecdsa-sha2-nistp256", curve, point);
const jwk = (type: "ec" | "ed25519") =>
  generateKeyPairSync(type as "ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" });
const raw = (s: string | undefined) => Buffer.from(s!, "base64url");
const good = jwk("ec");
const goodPoint = Buffer.concat([Buffer.of(4), raw(good.x), raw(good.y)]);
const ed = raw(jwk("ed25519").x);
// A blob whose base64 ends in `=` (59 bytes).
const sk = b64(blob("sk-ssh-ed25519@openssh.com", ed, "ssh:"));

const flip = (point: Buffer) => Buffer.concat([point.subarray(0, -1), Buffer.of(point.at(-1)! ^ 1)]);
const strayBit = (_: string, c: string) => `${String.fromCharCode(c.charCodeAt(0) + 1)}=`;
const skEd = "sk-ssh-ed25519@openssh.com";
const p256 = "ecdsa-sha2-nistp256";

// What, whether ssh takes it, its type and base64.
const lines: [string, boolean, string, string][] = [
  ["ed25519", true, "ssh-ed25519", b64(blob("ssh-ed25519", ed))],
  ["ed25519 of 31 bytes", false, "ssh-ed25519", b64(blob("ssh-ed25519", ed.subarray(1)))],
  ["ed25519, a byte too many", false, "ssh-ed25519", b64(Buffer.concat([blob("ssh-ed25519", ed), Buffer.of(0)]))],
  ["sk-ed25519", true, skEd, sk],
  ["base64 without its padding", false, skEd, sk.replace(/=$/, "")],
  ["base64 with stray bits", false, skEd, sk.replace(/(.)=$/, strayBit)],
  ["sk-ed25519, a NUL in the application", false, skEd, b64(blob(skEd, ed, "s\0h:"))],
  ["RSA of 2048 bits", true, "ssh-rsa", b64(rsa(2048))],
  ["RSA of 1024 bits", true, "ssh-rsa", b64(rsa(1024))],
  ["RSA of 1023 bits", false, "ssh-rsa", b64(rsa(1023))],
  ["RSA of 768 bits", false, "ssh-rsa", b64(rsa(768))],
  [
    "RSA with a negative exponent",
    false,
    "ssh-rsa",
    b64(blob("ssh-rsa", Buffer.of(0x81), Buffer.of(0, ...ofBits(2048)))),
  ],
  ["RSA with a negative modulus", false, "ssh-rsa", b64(blob("ssh-rsa", Buffer.of(3), ofBits(2048)))],
  [
    "RSA with leading zero bytes",
    true,
    "ssh-rsa",
    b64(blob("ssh-rsa", Buffer.of(0, 3), Buffer.of(0, 0, ...ofBits(2048)))),
  ],
  ["ECDSA", true, p256, b64(ecdsa(goodPoint))],
  ["ECDSA off the curve", false, p256, b64(ecdsa(flip(goodPoint)))],
  ["ECDSA, compressed", false, p256, b64(ecdsa(Buffer.concat([Buffer.of(2), raw(good.x)])))],
  ["ECDSA with a small x", false, p256, b64(ecdsa(pointFrom(5n)))],
  ["ECDSA with x over the order", false, p256, b64(ecdsa(pointFrom(N)))],
  ["ECDSA of another curve's name", false, p256, b64(ecdsa(goodPoint, "nistp384"))],
  ["ECDSA whose curve name ends in NUL", true, p256, b64(ecdsa(goodPoint, "nistp256\0"))],
  ["ECDSA under another type", false, "ecdsa-sha2-nistp384", b64(ecdsa(goodPoint))],
];

describe("keyBlob", () => {
  it.each(lines)("takes what ssh-keygen -l takes: %s", (what, takes, type, key) => {
    const file = join(dir, what.replace(/\W+/g, "-"));
    writeFileSync(file, `host ${type} ${key}\n`);
    const keygen = spawnSync("ssh-keygen", ["-l", "-f", file], { encoding: "utf8", timeout: 10_000 });
    expect(keygen.error).toBeUndefined();
    expect(keygen.status === 0).toBe(takes);
    expect(keyBlob(type, key) !== undefined).toBe(takes);
  });
});
