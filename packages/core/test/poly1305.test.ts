import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { poly1305 } from "../src/ssh/native/poly1305.ts";

function tag(key: Uint8Array, ...parts: Uint8Array[]): string {
  const out = new Uint8Array(16);
  poly1305(out, key, parts);
  return Buffer.from(out).toString("hex");
}

// OpenSSL's Poly1305, reached through Node's chacha20-poly1305 AEAD with no plaintext: its tag is Poly1305, under the
// key stream's first 32 bytes, of the additional data zero-padded to 16 bytes and then both lengths (RFC 8439 §2.8).
function openssl(message: Buffer): { key: Buffer; mac: string; input: Buffer } {
  const key = randomBytes(32);
  const nonce = randomBytes(12);
  const aead = createCipheriv("chacha20-poly1305", key, nonce, { authTagLength: 16 });
  aead.setAAD(message, { plaintextLength: 0 });
  aead.final();
  const oneTime = createCipheriv("chacha20", key, Buffer.concat([Buffer.alloc(4), nonce])).update(Buffer.alloc(32));
  const lengths = Buffer.alloc(16);
  lengths.writeBigUInt64LE(BigInt(message.length), 0);
  const padded = Buffer.concat([message, Buffer.alloc((16 - (message.length % 16)) % 16), lengths]);
  return { key: oneTime, mac: aead.getAuthTag().toString("hex"), input: padded };
}

describe("poly1305", () => {
  it("gives RFC 8439's test vector (§2.5.2), whole or in parts split anywhere", () => {
    const key = Buffer.from("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b", "hex");
    const text = Buffer.from("Cryptographic Forum Research Group");
    expect(tag(key, text)).toBe("a8061dc1305136c6c22b8baf0c0127a9");
    for (let cut = 0; cut <= text.length; cut++) {
      expect(tag(key, text.subarray(0, cut), text.subarray(cut))).toBe("a8061dc1305136c6c22b8baf0c0127a9");
    }
  });

  it("agrees with OpenSSL's on random messages of every length up to 600 bytes, and a large one", () => {
    for (const length of [...Array.from({ length: 601 }, (_, i) => i), 70_000]) {
      const { key, mac, input } = openssl(randomBytes(length));
      expect(tag(key, input)).toBe(mac);
      // The way ssh2 calls it: the packet's 4 length bytes, then the rest.
      expect(tag(key, input.subarray(0, 4), input.subarray(4))).toBe(mac);
    }
  });

  it("matches the definition (BigInt arithmetic) where sums reach 2^130 - 5: all-ones keys and blocks", () => {
    const ones = Buffer.alloc(32, 0xff);
    for (const key of [ones, Buffer.concat([ones.subarray(0, 16), Buffer.alloc(16)]), randomBytes(32)]) {
      for (const length of [0, 1, 15, 16, 17, 32, 33, 256, 1000]) {
        const message = Buffer.alloc(length, 0xff);
        expect(tag(key, message)).toBe(definition(key, message));
      }
    }
    // r = 1 and blocks summing to 2^130 - 2, which only the last step takes below 2^130 - 5: to 3.
    const sum = Buffer.concat([Buffer.from([0xfe]), Buffer.alloc(15, 0xff), Buffer.alloc(32)]);
    const r1 = Buffer.concat([Buffer.from([1]), Buffer.alloc(31)]);
    expect(tag(r1, sum)).toBe(`03${"00".repeat(15)}`);
    const s1 = Buffer.concat([r1.subarray(0, 16), Buffer.alloc(16, 0xff)]);
    expect(tag(s1, sum)).toBe(definition(s1, sum));
  });

  it("refuses a key that is not 32 bytes and an output shorter than 16", () => {
    expect(() => poly1305(new Uint8Array(16), new Uint8Array(31), [])).toThrow(/32-byte key, got 31 bytes/);
    expect(() => poly1305(new Uint8Array(15), new Uint8Array(32), [])).toThrow(/16-byte tag, the output holds 15/);
  });
});

// RFC 8439 §2.5.1 as written: each 16-byte block (with a 1 byte after it) added, times r, mod 2^130 - 5.
function definition(key: Buffer, message: Buffer): string {
  const number = (bytes: Buffer): bigint => BigInt(`0x${Buffer.from(bytes).reverse().toString("hex") || "0"}`);
  const r = number(key.subarray(0, 16)) & 0x0ffffffc0ffffffc0ffffffc0fffffffn;
  const p = (1n << 130n) - 5n;
  let h = 0n;
  for (let at = 0; at < message.length; at += 16) {
    const block = message.subarray(at, at + 16);
    h = ((h + number(Buffer.concat([block, Buffer.from([1])]))) * r) % p;
  }
  const sum = (h + number(key.subarray(16))) & ((1n << 128n) - 1n);
  return Buffer.from(sum.toString(16).padStart(32, "0"), "hex").reverse().toString("hex");
}
