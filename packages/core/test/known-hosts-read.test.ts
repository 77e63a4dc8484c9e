import { execFileSync } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { HostOptions } from "../src/types.ts";
import { wireMpint, wireString } from "../src/ssh/wire.ts";
import { useFleet } from "./helpers/fleet.ts";
import { keygen } from "./helpers/keygen.ts";

// known_hosts lines and files ssh reads as no entry, on both transports with the same files: a malformed hashed name,
// a key sshkey_read refuses, a file that cannot be read. Each outcome is ssh's, and native's is the same.
const dir = mkdtempSync(join(tmpdir(), "dk-known-hosts-read-"));
const other = keygen(join(dir, "other"), ["-t", "ed25519"]).blob;
const fleet = useFleet({ hosts: 1 });
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;
const name = () => `[${fleet.sandbox.addresses[0]}]:${fleet.sandbox.port}`;
const added = () => `ok Warning: Permanently added '${name()}' (ED25519) to the list of known hosts.`;
// Strict checking's refusal of a host no usable entry names (both transports give the same words, hint and all).
const unknown = {
  said: expect.stringMatching(/No ED25519 host key is known for \S+ and you have requested strict/),
  wrote: "",
};

// The host's own Ed25519 key, as ssh-keyscan prints it (without the name).
function ownKey(): string {
  const { port, addresses } = fleet.sandbox;
  const args = ["-t", "ed25519", "-p", String(port), addresses[0]!];
  const stdio = ["ignore", "pipe", "ignore"] as const;
  const line = execFileSync("ssh-keyscan", args, { encoding: "utf8", timeout: 20_000, stdio: [...stdio] });
  return line.trim().split(" ").slice(1).join(" ");
}

// What a run of `echo ok` comes to on one transport: its output and what ssh said, or its refusal.
async function outcome(transport: "openssh" | "native", options: HostOptions): Promise<string> {
  try {
    const r = await fleet.host({ ...options, transport }).run("echo ok", pipe);
    return `${r.stdout.trim()} ${r.stderr.trim()}`.trim();
  } catch (error) {
    return (error as Error).message;
  }
}

// Runs on both transports with `text` as the user's known_hosts (written again for each; null: a directory there), and
// `extra` options: what each came to and what it appended to the file.
async function both(text: string | null, hostKeyCheck: "strict" | "tofu", extra: readonly string[] = []) {
  const file = join(mkdtempSync(join(dir, "kh-")), "known_hosts");
  if (text === null) mkdirSync(file);
  const sshOptions = ["-F", "/dev/null", "-o", "IdentitiesOnly=yes", "-o", `UserKnownHostsFile=${file}`, ...extra];
  const seen: { said: string; wrote: string }[] = [];
  for (const transport of ["openssh", "native"] as const) {
    if (text !== null) writeFileSync(file, text);
    const said = (await outcome(transport, { hostKeyCheck, sshOptions })).replaceAll(file, "FILE");
    seen.push({ said, wrote: text === null ? "" : readFileSync(file, "utf8").slice(text.length).replace(/ .*/, " …") });
  }
  expect(seen[1]).toEqual(seen[0]);
  return seen[0]!;
}

const b64 = (blob: Buffer) => blob.toString("base64");
// An RSA key blob of `bits` bits (only its size matters to ssh's reading).
function rsaBlob(bits: number): Buffer {
  const n = randomBytes(bits / 8);
  n[0]! |= 0x80;
  return Buffer.concat([wireString("ssh-rsa"), wireMpint(Buffer.of(1, 0, 1)), wireMpint(n)]);
}
const ecdsa = keygen(join(dir, "ecdsa"), ["-t", "ecdsa"]).blob;
const offCurve = Buffer.concat([ecdsa.subarray(0, -1), Buffer.of(ecdsa.at(-1)! ^ 1)]);

// A hashed entry for `host` made malformed as the tester found them: ssh's check that it rebuilds the field exactly.
const hashed = (host: string, saltBytes = 20) => {
  const salt = randomBytes(saltBytes);
  return [salt.toString("base64"), createHmac("sha1", salt).update(host).digest("base64")];
};
const malformed: [string, () => string][] = [
  ["a hash without its padding", () => `|1|${hashed(name()).join("|").replace(/=$/, "")}`],
  ["a salt of 16 bytes", () => `|1|${hashed(name(), 16).join("|")}`],
  ["junk after a third |", () => `|1|${hashed(name()).join("|")}|junk`],
];

describe("known_hosts as ssh reads it", () => {
  it.each(malformed)("a hashed name with %s names no host, not even with the host's own key", async (_what, entry) => {
    expect(await both(`${entry()} ${ownKey()}\n`, "strict")).toEqual(unknown);
  });

  it.each(malformed)("a hashed name with %s and another key: tofu adds the host's key", async (_what, entry) => {
    const seen = await both(`${entry()} ssh-ed25519 ${other.toString("base64")}\n`, "tofu");
    expect(seen).toEqual({ said: added(), wrote: `${name()} …\n` });
  });

  // An RSA key under SSH_RSA_MINIMUM_MODULUS_SIZE, and an ECDSA key whose point is off its curve.
  const unloadable: [string, () => string][] = [
    ["an RSA key of 768 bits", () => `ssh-rsa ${b64(rsaBlob(768))}`],
    ["an ECDSA key off its curve", () => `ecdsa-sha2-nistp256 ${b64(offCurve)}`],
  ];

  it.each(unloadable)("%s for the host is no key: strict refuses the host as unknown", async (_what, key) => {
    expect(await both(`${name()} ${key()}\n`, "strict")).toEqual(unknown);
  });

  it.each(unloadable)("%s for the host is no key: tofu adds the host's key", async (_what, key) => {
    expect(await both(`${name()} ${key()}\n`, "tofu")).toEqual({ said: added(), wrote: `${name()} …\n` });
  });

  it("a UserKnownHostsFile that is a directory holds no entries: strict refuses, tofu goes on unsaved", async () => {
    expect(await both(null, "strict")).toEqual(unknown);
    const said = "ok Failed to add the host to the list of known hosts (FILE).";
    expect(await both(null, "tofu")).toEqual({ said, wrote: "" });
  });

  it("a GlobalKnownHostsFile that is a directory holds no entries; the user's file still counts", async () => {
    const global = mkdtempSync(join(dir, "global-"));
    const extra = ["-o", `GlobalKnownHostsFile=${global}`];
    expect(await both(`${name()} ${ownKey()}\n`, "strict", extra)).toEqual({ said: "ok", wrote: "" });
  });
});
