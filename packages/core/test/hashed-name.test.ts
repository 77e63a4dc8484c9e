import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { HashedName, paddedName } from "../src/ssh/native/hashed-name.ts";
import { names } from "../src/ssh/native/known-hosts.ts";

// Hashed known_hosts names, matched without createHmac per name: the same answers as createHmac.
const entry = (salt: Buffer, name: string) =>
  `|1|${salt.toString("base64")}|${createHmac("sha1", salt).update(name).digest("base64")}`;

describe("HashedName", () => {
  it("names exactly the host its HMAC-SHA1 was made of, for names of every length across block edges", () => {
    for (let length = 0; length <= 140; length++) {
      const name = "x".repeat(length);
      const salt = randomBytes(20);
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

  it("names no host where ssh would not rebuild the entry exactly (extract_salt, match_maybe_hashed)", () => {
    const [salt20, salt16] = [randomBytes(20), randomBytes(16)];
    const good = entry(salt20, "h");
    expect(HashedName.of(good)!.names(paddedName("h"))).toBe(true);
    for (const malformed of [
      good.replace(/=$/, ""),
      good.replace(/=\|/, "|"),
      `${good}|junk`,
      `${good}junk`,
      entry(salt16, "h"),
      entry(Buffer.concat([salt20, salt16]), "h"),
      good.replace(/^\|1\|/, "|2|"),
    ])
      expect(HashedName.of(malformed), malformed).toBeUndefined();
    // Any field that starts with `|` is a hash to ssh, never a pattern list.
    expect(names("|2|x,h", "h")).toBe(false);
  });
});
