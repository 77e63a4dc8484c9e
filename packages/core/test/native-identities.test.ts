import { mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolveSsh } from "../src/ssh/resolve/resolve.ts";
import { identities } from "../src/ssh/native/identities.ts";
import { offered as offeredBy, pubkeyList } from "../src/ssh/native/pubkey-algorithms.ts";
import { rsaSignature, withRsaSignature } from "../src/ssh/native/rsa-signature.ts";
import { keygen } from "./helpers/keygen.ts";
import { loadSsh2 } from "../src/ssh/native/ssh2.ts";

// Which key files native offers, from the configuration alone (no agent).
const dir = mkdtempSync(join(tmpdir(), "dk-ids-"));
const home = process.cwd();
afterEach(() => process.chdir(home));

function key(path: string): void {
  keygen(path, ["-t", "ed25519"]);
}

async function offered(config: string): Promise<string[]> {
  const file = join(dir, `config-${Math.random()}`);
  writeFileSync(file, config);
  const ids = await identities(resolveSsh("web1", ["-F", file, "-o", "IdentityAgent=none"]), loadSsh2());
  if ("openssh" in ids) throw new Error(ids.openssh);
  return ids.keys.map((k) => k.file);
}

describe("native identities", () => {
  it("IdentityFile none names no file, whatever its case, even where a file of that name exists", async () => {
    key(join(dir, "k"));
    renameSync(join(dir, "k"), join(dir, "none"));
    process.chdir(dir);
    expect(await offered("IdentityFile none\nIdentityFile NONE\nIdentitiesOnly yes\n")).toEqual([]);
    // The same file by another name is offered: the test's key is one native takes.
    expect(await offered("IdentityFile ./none\nIdentitiesOnly yes\n")).toEqual(["./none"]);
  });

  it("offers no key of a type PubkeyAcceptedAlgorithms (or its older name) leaves out, as ssh skips them", async () => {
    key(join(dir, "ed"));
    const file = join(dir, "ed");
    expect(await offered(`IdentityFile ${file}\nPubkeyAcceptedAlgorithms ssh-ed25519,rsa-sha2-256\n`)).toEqual([file]);
    expect(await offered(`IdentityFile ${file}\nPubkeyAcceptedKeyTypes ecdsa-sha2-nistp256\n`)).toEqual([]);
    expect(await offered(`IdentityFile ${file}\nPubkeyAcceptedAlgorithms -ssh-ed25519*\n`)).toEqual([]);
    expect(await offered(`IdentityFile ${file}\nPubkeyAcceptedAlgorithms +ssh-rsa\n`)).toEqual([file]);
  });

  it("assembles PubkeyAcceptedAlgorithms as ssh does, or leaves to ssh a pattern it would expand", () => {
    expect(pubkeyList("ssh-ed25519,ecdsa-sha2-nistp256")).toEqual(["ssh-ed25519", "ecdsa-sha2-nistp256"]);
    expect(pubkeyList("-rsa*,*cert*,sk-*")).toEqual([
      "ssh-ed25519",
      "ecdsa-sha2-nistp256",
      "ecdsa-sha2-nistp384",
      "ecdsa-sha2-nistp521",
    ]);
    expect(pubkeyList("^ssh-rsa")?.slice(0, 2)).toEqual(["ssh-rsa", "ssh-ed25519-cert-v01@openssh.com"]);
    // RSA as rsa-sha2-512 or ssh-rsa alone: native signs as ssh would (rsa-signature.e2e.test.ts).
    expect(pubkeyList("rsa-sha2-512")).toEqual(["rsa-sha2-512"]);
    expect(pubkeyList("ssh-rsa,ssh-ed25519")).toEqual(["ssh-rsa", "ssh-ed25519"]);
    expect(pubkeyList("ssh-ed*")).toBeUndefined();
  });

  it("signs with an RSA key as ssh would: the list's first RSA signature the server lists, else none", () => {
    const server = ["ssh-ed25519", "ssh-rsa", "rsa-sha2-256", "rsa-sha2-512"];
    const accepted = ["ssh-ed25519", "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-512", "rsa-sha2-256"];
    const narrowed = (list: string[] | undefined, ours: string[], openssh74 = false) =>
      withRsaSignature(list ?? [], rsaSignature(list, ours, openssh74));
    expect(narrowed(server, accepted)).toEqual(["ssh-ed25519", "rsa-sha2-512"]);
    expect(narrowed(server, ["rsa-sha2-256", "rsa-sha2-512"])).toEqual(["ssh-ed25519", "rsa-sha2-256"]);
    expect(narrowed(["rsa-sha2-256"], ["rsa-sha2-512"])).toEqual([]);
    expect(narrowed(server, ["ssh-ed25519"])).toEqual(["ssh-ed25519"]);
    // No server-sig-algs from the server: ssh-rsa if the list names it, else the key is skipped.
    expect(rsaSignature(undefined, accepted)).toBeUndefined();
    expect(rsaSignature(undefined, [...accepted, "ssh-rsa"])).toBe("ssh-rsa");
    expect(rsaSignature([], [...accepted, "ssh-rsa"])).toBeUndefined();
    // OpenSSH 7.4 lists key types, not the SHA-2 signatures it takes: ssh counts them listed.
    expect(rsaSignature(["ssh-ed25519", "ssh-rsa"], accepted, true)).toBe("rsa-sha2-512");
    expect(rsaSignature(["ssh-ed25519", "ssh-rsa"], ["ssh-rsa", "rsa-sha2-256"], true)).toBe("rsa-sha2-256");
    expect(rsaSignature(["ssh-ed25519", "ssh-rsa"], ["ssh-rsa", "rsa-sha2-256"])).toBe("ssh-rsa");
  });

  it("offers an RSA key under any of its signature names, as ssh does", () => {
    const rsa = keygen(join(dir, "offered-rsa"), ["-t", "rsa", "-b", "1024"]).blob;
    const policy = (types: string[]) => ({ types, minRsaBits: 1024 });
    for (const name of ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"]) expect(offeredBy(policy([name]), rsa)).toBe(true);
    expect(offeredBy(policy(["ssh-ed25519", "rsa-sha2-512-cert-v01@openssh.com"]), rsa)).toBe(false);
  });

  it("expands ${NAME} and tokens in a key's path as ssh does when it loads it", async () => {
    key(join(dir, "web1-key"));
    process.env.DK_TEST_KEYS = dir;
    try {
      expect(await offered("IdentityFile ${DK_TEST_KEYS}/%h-key\nIdentitiesOnly yes\n")).toEqual([
        join(dir, "web1-key"),
      ]);
    } finally {
      delete process.env.DK_TEST_KEYS;
    }
  });
});
