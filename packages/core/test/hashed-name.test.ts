import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { HashedName, paddedName } from "../src/ssh/native/hashed-name.ts";

// Hashed known_hosts names, matched without createHmac per name: the same answers as createHmac.
const entry = (salt: Buffer, name: string) =>
  `|1|${salt.toString("base64")}|${createHmac("sha1", salt).update(name).digest("base64")}`;

describe("HashedName", () => {
  it("names exactly the host its HMAC-SHA1 was made of, for names of every length across block edges", () => {
    for (let length = 0; length <= 140; length++) {
      const name = "x".repeat(length);
      const salt = randomBytes(length % 3 === 0 ? 20 : 1 + (length % 90));
      const hashed = HashedName.of(entry(salt, name))!;
      expect(hashed.names(paddedName(name))).toBe(true);
      expect(hashed.names(paddedName(`${name}y`))).toBe(false);
    }
  });

  it("reads ssh-keygen's form and refuses a malformed entry", () => {
    const salt = Buffer.from("4NSmU5LIvqoxz/R0ufgEOsHTRfs=", "base64");
    expect(HashedName.of(entry(salt, "[10.0.0.1]:2222"))!.names(paddedName("[10.0.0.1]:2222"))).toBe(true);
    expect(HashedName.of("|1|onlysalt")).toBeUndefined();
    expect(HashedName.of("|1|c2FsdA==|c2hvcnQ=")).toBeUndefined();
  });
});
