import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { keyFileHead } from "../src/ssh/key-file.ts";
import { keyType, rsaBits } from "../src/ssh/native/key-blob.ts";
import { WireReader, wireMpint, wireString, wireUint32 } from "../src/ssh/wire.ts";
import { keygen } from "./helpers/keygen.ts";

// SSH's wire format as read from key blobs and private key files, against keys ssh-keygen wrote.
const dir = mkdtempSync(join(tmpdir(), "dk-wire-"));

const key = (name: string, args: readonly string[], passphrase?: string) => keygen(join(dir, name), args, passphrase);

describe("WireReader", () => {
  it("reads uint32s and strings, and gives undefined where the bytes end too soon", () => {
    const bytes = Buffer.from([0, 0, 0, 2, 0x61, 0x62, 0, 0, 0, 9, 0x63]);
    const wire = new WireReader(bytes);
    expect(wire.string()?.toString()).toBe("ab");
    expect(wire.string()).toBeUndefined();
    // A string that ran short is not consumed: what is there can still be read.
    expect(wire.uint32()).toBe(9);
    expect(wire.uint32()).toBeUndefined();
  });
});

describe("wire writers", () => {
  it("write what WireReader reads: an mpint without leading zeros, and one where its top bit is set", () => {
    expect(wireUint32(258)).toEqual(Buffer.from([0, 0, 1, 2]));
    expect(new WireReader(wireString("héllo")).string()?.toString()).toBe("héllo");
    expect(wireMpint(Buffer.from([0, 0, 0x7f, 1]))).toEqual(Buffer.from([0, 0, 0, 2, 0x7f, 1]));
    expect(wireMpint(Buffer.from([0, 0x80]))).toEqual(Buffer.from([0, 0, 0, 2, 0, 0x80]));
    expect(wireMpint(Buffer.from([0, 0]))).toEqual(Buffer.from([0, 0, 0, 0]));
  });
});

describe("key blobs", () => {
  it("names a key's type, and an RSA key's modulus size as ssh-keygen made it", () => {
    const ed = key("ed", ["-t", "ed25519"]);
    expect([keyType(ed.blob), rsaBits(ed.blob)]).toEqual(["ssh-ed25519", undefined]);
    for (const bits of [1024, 2048]) {
      const rsa = key(`rsa${bits}`, ["-t", "rsa", "-b", String(bits)]);
      expect([keyType(rsa.blob), rsaBits(rsa.blob)]).toEqual(["ssh-rsa", bits]);
      // A blob cut inside the modulus has no size.
      expect(rsaBits(rsa.blob.subarray(0, rsa.blob.length - 1))).toBeUndefined();
    }
    expect([keyType(Buffer.from([0, 0])), keyType(Buffer.from([0, 0, 0, 9, 0x73]))]).toEqual(["", ""]);
  });

  it("reads a private key file's head: locked or not, and the public key it holds", () => {
    const plain = key("plain", ["-t", "ed25519"]);
    expect(keyFileHead(plain.file)).toEqual({ locked: false, publicKey: plain.blob });
    const locked = key("locked", ["-t", "ed25519"], "secret");
    expect(keyFileHead(locked.file)).toEqual({ locked: true, publicKey: locked.blob });
    expect(keyFileHead(Buffer.from("not a key"))).toBeUndefined();
  });
});
