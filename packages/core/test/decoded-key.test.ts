import { KeyObject, verify } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ParsedKey } from "ssh2";
import { afterAll, describe, expect, it } from "vitest";
import { decodedOnce } from "../src/ssh/native/decoded-key.ts";
import { loadSsh2 } from "../src/ssh/native/ssh2.ts";
import { keygen } from "./helpers/keygen.ts";

// A key file's key signs from its key decoded once, as ssh2 would sign from its PEM text at every signature.
const dir = mkdtempSync(join(tmpdir(), "dk-decoded-key-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const data = Buffer.from("the session's id and the login request");

function parsed(name: string, args: readonly string[]): ParsedKey {
  const key = loadSsh2().parseKey(keygen(join(dir, name), args).file);
  if (key instanceof Error) throw key;
  return Array.isArray(key) ? key[0]! : key;
}

// What the view signs from, under ssh2's private symbol.
function signsFrom(key: ParsedKey): unknown {
  const symbol = Object.getOwnPropertySymbols(key).find((s) => s.description === "Private key PEM");
  return symbol === undefined ? undefined : (key as unknown as Record<symbol, unknown>)[symbol];
}

describe("decodedOnce", () => {
  it("signs from a decoded key, the same signatures as ssh2's for each hash an RSA key signs with", () => {
    const key = parsed("rsa", ["-t", "rsa", "-b", "2048"]);
    const view = decodedOnce(key);
    expect(signsFrom(view)).toBeInstanceOf(KeyObject);
    expect(signsFrom(key)).toBe(key.getPrivatePEM());
    for (const hash of [undefined, "sha1", "sha256", "sha512"])
      expect(view.sign(data, hash as string)).toEqual(key.sign(data, hash as string));
  });

  it("signs as ssh2 does with ed25519 and ECDSA keys, whose signatures verify", () => {
    const ed = parsed("ed25519", ["-t", "ed25519"]);
    expect(decodedOnce(ed).sign(data)).toEqual(ed.sign(data));
    for (const bits of ["256", "384", "521"]) {
      const ecdsa = parsed(`ecdsa${bits}`, ["-t", "ecdsa", "-b", bits]);
      const signature = decodedOnce(ecdsa).sign(data) as Buffer;
      expect(signsFrom(decodedOnce(ecdsa))).toBeInstanceOf(KeyObject);
      expect(verify(`sha${bits === "521" ? 512 : bits}`, data, ecdsa.getPublicPEM(), signature)).toBe(true);
      expect(ecdsa.verify(data, signature)).toBe(true);
    }
  });

  it("decodes a key once: the same view at every signature, and the view answers as the key", () => {
    const key = parsed("again", ["-t", "ed25519"]);
    const view = decodedOnce(key);
    expect(decodedOnce(key)).toBe(view);
    expect(view.type).toBe("ssh-ed25519");
    expect(view.getPublicSSH()).toEqual(key.getPublicSSH());
    expect(view.isPrivateKey()).toBe(true);
  });

  it("leaves a key it cannot decode as it is: ssh2's own sign answers", () => {
    const key = parsed("odd", ["-t", "ed25519"]);
    const odd = Object.create(key, { getPrivatePEM: { value: () => "not a key" } }) as ParsedKey;
    expect(decodedOnce(odd)).toBe(odd);
  });
});
