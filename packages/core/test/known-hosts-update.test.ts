import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { names } from "../src/ssh/native/known-hosts.ts";
import { hostKeysPlan, replaceEntries } from "../src/ssh/native/known-hosts-update.ts";
import { wireString } from "../src/ssh/wire.ts";

// known_hosts as UpdateHostKeys weighs and rewrites it (ssh's hostkeys_find and hostfile_replace_entries).
const dir = mkdtempSync(join(tmpdir(), "dk-kh-update-"));
let made = 0;
function file(text: string): string {
  const path = join(dir, `known_hosts.${made++}`);
  writeFileSync(path, text, { mode: 0o644 });
  return path;
}
const key = (fill: number) => Buffer.concat([wireString("ssh-ed25519"), wireString(Buffer.alloc(32, fill))]);
const entry = (hosts: string, fill: number) => `${hosts} ssh-ed25519 ${key(fill).toString("base64")}`;

describe("replaceEntries", () => {
  it("drops the name's other keys, adds the missing ones, keeps every other line as it was", () => {
    const kept = `${entry("h,10.0.0.1", 3)}\n@revoked h ssh-ed25519 x`;
    const before = `# mine\r\n${entry("other", 1)}\n${entry("h", 2)}\n${kept}`;
    const path = file(before);
    replaceEntries(path, "h", [key(3), key(4)], false);
    const after = `# mine\r\n${entry("other", 1)}\n${kept}\n${entry("h", 4)}\n`;
    expect(readFileSync(path, "utf8")).toBe(after);
    expect(readFileSync(`${path}.old`, "utf8")).toBe(before);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("writes a hashed name under HashKnownHosts", () => {
    const path = file(`${entry("other", 1)}\n`);
    replaceEntries(path, "[h]:2222", [key(5)], true);
    const added = readFileSync(path, "utf8").split("\n")[1]!;
    expect(added).toMatch(/^\|1\|[^|]+\|[^ ]+ ssh-ed25519 /);
    expect(names(added.split(" ")[0]!, "[h]:2222")).toBe(true);
  });

  it("leaves a file that needs nothing untouched, without a .old", () => {
    const path = file(`${entry("h", 6)}\n`);
    const { mtimeMs } = statSync(path);
    replaceEntries(path, "h", [key(6)], false);
    expect(statSync(path).mtimeMs).toBe(mtimeMs);
    expect(existsSync(`${path}.old`)).toBe(false);
  });

  it("given no keys (a second known hosts file), only drops the name's entries", () => {
    const path = file(`${entry("h", 7)}\n${entry("other", 7)}\n`);
    replaceEntries(path, "h", [], false);
    expect(readFileSync(path, "utf8")).toBe(`${entry("other", 7)}\n`);
  });
});

describe("hostKeysPlan", () => {
  it("names the new keys and counts the stale ones", () => {
    const path = file(`${entry("h", 1)}\n${entry("h", 9)}\n`);
    expect(hostKeysPlan([path], "h", [key(1), key(2), key(3)])).toEqual({ fresh: [1, 2], stale: 1 });
  });

  it("counts no key on a line ssh skips: a malformed hashed name holding a server key is not another name", () => {
    const salt = Buffer.alloc(16, 1).toString("base64");
    const path = file(`${entry("h", 1)}\n${entry(`|1|${salt}|${Buffer.alloc(20, 2).toString("base64")}`, 2)}\n`);
    expect(hostKeysPlan([path], "h", [key(1), key(2)])).toEqual({ fresh: [1], stale: 0 });
  });

  it.each([
    ["nothing new", `${entry("h", 1)}\n${entry("h", 2)}\n`],
    ["a wildcard", `${entry("h*", 1)}\n`],
    ["a host list", `${entry("h,a,b", 1)}\n`],
    ["a marker", `@cert-authority ${entry("h", 8)}\n${entry("h", 1)}\n`],
    ["a server key under another name", `${entry("h", 1)}\n${entry("other", 2)}\n`],
    ["a stale key under another name", `${entry("h", 1)}\n${entry("h", 9)}\n${entry("other", 9)}\n`],
  ])("leaves the files alone for %s", (_why, text) => {
    expect(hostKeysPlan([file(text)], "h", [key(1), key(2)])).toHaveProperty("skip");
  });
});
