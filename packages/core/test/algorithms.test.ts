import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { algorithmsFor, assemble } from "../src/ssh/native/algorithms.ts";
import { loadSsh2 } from "../src/ssh/native/ssh2.ts";
import { resolveSsh } from "../src/ssh/resolve/resolve.ts";

// The lists ssh sends, assembled from OpenSSH 9.2's defaults as ssh assembles them (kex_assemble_names), checked
// against `ssh -G`; and what native offers of them.
function lists(...lines: string[]) {
  const got = algorithmsFor(resolveSsh("web1", ["-F", "/dev/null", ...lines.flatMap((l) => ["-o", l])]), loadSsh2());
  if ("openssh" in got) throw new Error(got.openssh);
  return got;
}
const { kex, cipher, hmac, serverHostKey } = loadSsh2().algorithms;
const KEYWORDS = { kex: "kexalgorithms", cipher: "ciphers", hmac: "macs", serverHostKey: "hostkeyalgorithms" } as const;
const SUPPORTED = { kex: kex.supported, cipher: cipher.supported, hmac: hmac.supported, serverHostKey };

// The four lists as the ssh binary assembles them for `lines` (`ssh -G`).
function sshG(lines: readonly string[]): Record<keyof typeof KEYWORDS, string[]> {
  const args = ["-G", "-F", "/dev/null", ...lines.flatMap((l) => ["-o", l]), "web1"];
  const printed = execFileSync("ssh", args, { encoding: "utf8", timeout: 10_000, stdio: ["ignore", "pipe", "pipe"] });
  const of = (keyword: string) => /^\S+ (.*)$/.exec(printed.split("\n").find((l) => l.startsWith(`${keyword} `))!)![1]!;
  const entries = Object.entries(KEYWORDS).map(([kind, keyword]) => [kind, of(keyword).split(",")]);
  return Object.fromEntries(entries) as Record<keyof typeof KEYWORDS, string[]>;
}

describe("algorithm lists", () => {
  it.each([
    [[]],
    [["KexAlgorithms +diffie-hellman-group14-sha1"]],
    [["KexAlgorithms ^curve25519-sha256"]],
    [["KexAlgorithms -ecdh*"]],
    [["KexAlgorithms diffie-hellman-group16-sha512,curve25519-sha256,diffie-hellman-group16-sha512"]],
    [["Ciphers ^aes256-gcm@openssh.com", "MACs -umac*,hmac-sha1*"]],
    [["MACs +hmac-md5", "HostKeyAlgorithms +ssh-rsa"]],
    [["HostKeyAlgorithms ssh-ed25519*,rsa-sha2-512"]],
    [["HostKeyAlgorithms ^ecdsa*", "Ciphers -chacha*"]],
    [["HostKeyAlgorithms -*cert*,sk-*"]],
  ])("%j: ssh's lists are `ssh -G`'s; native offers those of their names ssh2 has, in ssh's order", (lines) => {
    const got = lists(...lines);
    const ssh = sshG(lines);
    expect(got.asSsh?.lists).toEqual(ssh);
    const own = (kind: keyof typeof KEYWORDS) => ssh[kind].filter((name) => SUPPORTED[kind].includes(name));
    // ssh's default ciphers with AES-GCM first (hardware AES); a Ciphers line keeps its order.
    const gcm = (name: string) => /-gcm@/.test(name);
    const ciphers = lines.some((line) => line.startsWith("Ciphers"))
      ? own("cipher")
      : [...own("cipher").filter(gcm), ...own("cipher").filter((name) => !gcm(name))];
    expect([got.kex, got.cipher, got.hmac, got.serverHostKey.list]).toEqual([
      own("kex"),
      ciphers,
      own("hmac"),
      own("serverHostKey"),
    ]);
    expect(got.serverHostKey.best).toBe(ssh.serverHostKey[0]);
  });

  it("offers no key exchange ssh would not (ssh2's own defaults add diffie-hellman-group15 and 17)", () => {
    const got = lists();
    expect(kex.defaults).toContain("diffie-hellman-group15-sha512");
    expect(got.kex).not.toContain("diffie-hellman-group15-sha512");
    expect(got.kex).not.toContain("diffie-hellman-group17-sha512");
    expect(got.kex[0]).toBe("curve25519-sha256");
    expect(got.hmac).not.toContain("umac-64-etm@openssh.com");
  });

  it("proposes compression as ssh does by Compression, which ssh2 implements", () => {
    expect(lists().compress).toEqual(["none", "zlib@openssh.com", "zlib"]);
    expect(lists("Compression no").compress).toEqual(["none", "zlib@openssh.com", "zlib"]);
    expect(lists("Compression yes").compress).toEqual(["zlib@openssh.com", "zlib", "none"]);
    const constants = createRequire(import.meta.url)("ssh2/lib/protocol/constants.js") as Record<string, string[]>;
    expect(constants.SUPPORTED_COMPRESSION).toEqual(expect.arrayContaining(lists("Compression yes").compress));
  });

  it("lets native take another key exchange only for ssh's defaults the configuration does not name", () => {
    const sntrup = ["sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com"];
    expect(lists().asSsh?.swappable).toEqual(sntrup);
    expect(lists("KexAlgorithms +diffie-hellman-group14-sha1").asSsh?.swappable).toEqual(sntrup);
    expect(lists("KexAlgorithms -ecdh*").asSsh?.swappable).toEqual(sntrup);
    // By either of its names (OpenSSH 9.9's, or the @openssh.com one).
    expect(lists("KexAlgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256").asSsh?.swappable).toEqual([]);
    expect(lists("KexAlgorithms ^sntrup761x25519-sha512").asSsh?.swappable).toEqual([]);
  });

  it("takes known key types first unless the list was given outright or put first (`^`)", () => {
    expect(lists().serverHostKey.knownFirst).toBe(true);
    expect(lists("HostKeyAlgorithms +ssh-rsa").serverHostKey.knownFirst).toBe(true);
    expect(lists("HostKeyAlgorithms -ssh-ed25519").serverHostKey).toMatchObject({
      knownFirst: true,
      best: "ssh-ed25519-cert-v01@openssh.com",
    });
    expect(lists("HostKeyAlgorithms ^ssh-rsa").serverHostKey.knownFirst).toBe(false);
    expect(lists("HostKeyAlgorithms ssh-rsa,ssh-ed25519").serverHostKey.knownFirst).toBe(false);
  });

  it("decides once per distinct set of values", () => {
    expect(lists("Ciphers aes128-ctr")).toBe(lists("Ciphers aes128-ctr"));
    expect(lists("Ciphers aes128-ctr")).not.toBe(lists("Ciphers aes256-ctr"));
  });

  it.each([
    ["MACs umac-128@openssh.com", "macs umac-128@openssh.com"],
    ["HostKeyAlgorithms ssh-ed25519-cert-v01@openssh.com", "hostkeyalgorithms ssh-ed25519-cert-v01@openssh.com"],
    ["Ciphers -*", "ciphers -*"],
    ["Ciphers aes*", "ciphers aes*"],
    ["KexAlgorithms curve25519-sha256,no-such-kex", "kexalgorithms curve25519-sha256,no-such-kex"],
  ])("leaves %s to openssh: names ssh2 lacks alone, nothing left, or a line ssh refuses", (line, reason) => {
    expect(() => lists(line)).toThrow(reason);
  });

  it("assembles without a list of everything (PubkeyAcceptedAlgorithms) taking names as they are", () => {
    expect(assemble("b,a,b", { defaults: ["x"] })).toEqual(["b", "a"]);
    expect(assemble("+a", { defaults: ["x"] })).toEqual(["x", "a"]);
    expect(assemble("a*", { defaults: ["x"] })).toBeUndefined();
  });
});
