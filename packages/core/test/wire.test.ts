import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { keyFileHead } from "../src/ssh/key-file.ts";
import { keyType, rsaBits } from "../src/ssh/native/known-hosts.ts";
import { WireReader } from "../src/ssh/wire.ts";

// SSH's wire format as read from key blobs and private key files, against keys ssh-keygen wrote.
const dir = mkdtempSync(join(tmpdir(), "dk-wire-"));

function keygen(name: string, ...args: string[]): { blob: Buffer; file: Buffer } {
  const path = join(dir, name);
  execFileSync("ssh-keygen", ["-q", "-N", "", "-C", "", "-f", path, ...args]);
  const blob = Buffer.from(readFileSync(`${path}.pub`, "utf8").split(" ")[1]!, "base64");
  return { blob, file: readFileSync(path) };
}

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

describe("key blobs", () => {
  it("names a key's type, and an RSA key's modulus size as ssh-keygen made it", () => {
    const ed = keygen("ed", "-t", "ed25519");
    expect([keyType(ed.blob), rsaBits(ed.blob)]).toEqual(["ssh-ed25519", undefined]);
    for (const bits of [1024, 2048]) {
      const rsa = keygen(`rsa${bits}`, "-t", "rsa", "-b", String(bits));
      expect([keyType(rsa.blob), rsaBits(rsa.blob)]).toEqual(["ssh-rsa", bits]);
      // A blob cut inside the modulus has no size.
      expect(rsaBits(rsa.blob.subarray(0, rsa.blob.length - 1))).toBeUndefined();
    }
    expect([keyType(Buffer.from([0, 0])), keyType(Buffer.from([0, 0, 0, 9, 0x73]))]).toEqual(["", ""]);
  });

  it("reads a private key file's head: locked or not, and the public key it holds", () => {
    const plain = keygen("plain", "-t", "ed25519");
    expect(keyFileHead(plain.file)).toEqual({ locked: false, publicKey: plain.blob });
    const path = join(dir, "locked");
    execFileSync("ssh-keygen", ["-q", "-N", "secret", "-C", "", "-t", "ed25519", "-f", path]);
    const blob = Buffer.from(readFileSync(`${path}.pub`, "utf8").split(" ")[1]!, "base64");
    expect(keyFileHead(readFileSync(path))).toEqual({ locked: true, publicKey: blob });
    expect(keyFileHead(Buffer.from("not a key"))).toBeUndefined();
  });
});
