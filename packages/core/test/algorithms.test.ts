import { describe, expect, it } from "vitest";
import { algorithmsFor, HOST_KEY_ALGORITHMS } from "../src/ssh/native/algorithms.ts";
import { loadSsh2 } from "../src/ssh/native/ssh2.ts";
import { resolveSsh } from "../src/ssh/resolve/resolve.ts";

// The lists native offers, assembled from each option's value as ssh assembles its own (kex_assemble_names), with
// native's defaults (ssh2's) in place of ssh's.
function lists(...lines: string[]) {
  const got = algorithmsFor(resolveSsh("web1", ["-F", "/dev/null", ...lines.flatMap((l) => ["-o", l])]), loadSsh2());
  if ("openssh" in got) throw new Error(got.openssh);
  return got;
}
const { kex, cipher, hmac } = loadSsh2().algorithms;

describe("algorithm lists", () => {
  it("leaves ssh2's defaults when nothing is set, with known key types first", () => {
    expect(lists()).toEqual({ serverHostKey: { list: HOST_KEY_ALGORITHMS, knownFirst: true } });
  });

  it("takes an explicit list as it is, each name once", () => {
    expect(lists("Ciphers aes256-ctr,aes128-ctr,aes256-ctr").cipher).toEqual(["aes256-ctr", "aes128-ctr"]);
    expect(lists("HostKeyAlgorithms ssh-rsa,ssh-ed25519").serverHostKey).toEqual({
      list: ["ssh-rsa", "ssh-ed25519"],
      knownFirst: false,
    });
  });

  it("appends `+`, puts `^` first, and takes `-` patterns out of the defaults", () => {
    expect(lists("KexAlgorithms +diffie-hellman-group14-sha1").kex).toEqual([
      ...kex.defaults,
      "diffie-hellman-group14-sha1",
    ]);
    expect(lists(`KexAlgorithms ^diffie-hellman-group14-sha1,${kex.defaults[0]}`).kex).toEqual([
      "diffie-hellman-group14-sha1",
      ...kex.defaults,
    ]);
    expect(lists("MACs -hmac-sha1*,hmac-sha2-512").hmac).toEqual(
      hmac.defaults.filter((name) => !name.startsWith("hmac-sha1") && name !== "hmac-sha2-512"),
    );
    expect(lists("Ciphers -aes*").cipher).toEqual(cipher.defaults.filter((name) => !name.startsWith("aes")));
    expect(lists("HostKeyAlgorithms +ssh-rsa").serverHostKey).toEqual({
      list: [...HOST_KEY_ALGORITHMS, "ssh-rsa"],
      knownFirst: true,
    });
    expect(lists("HostKeyAlgorithms ^ssh-rsa").serverHostKey.knownFirst).toBe(false);
  });

  it("offers the names ssh2 has of a list that also names others, and keeps the whole list for the connection", () => {
    const got = lists("MACs umac-128@openssh.com,hmac-sha2-256", "KexAlgorithms +sntrup761x25519-sha512@openssh.com");
    expect(got.hmac).toEqual(["hmac-sha2-256"]);
    expect(got.kex).toEqual([...kex.defaults]);
    expect(got.asSsh).toEqual({
      hmac: ["umac-128@openssh.com", "hmac-sha2-256"],
      kex: [...kex.defaults, "sntrup761x25519-sha512@openssh.com"],
    });
    const hostKeys = "HostKeyAlgorithms ssh-ed25519-cert-v01@openssh.com,ssh-ed25519";
    expect(lists(hostKeys).serverHostKey.list).toEqual(["ssh-ed25519"]);
    expect(lists("Ciphers aes128-ctr").asSsh).toBeUndefined();
  });

  it.each([
    ["MACs umac-128@openssh.com", "macs umac-128@openssh.com"],
    ["HostKeyAlgorithms ssh-ed25519*", "hostkeyalgorithms ssh-ed25519*"],
    ["HostKeyAlgorithms ssh-ed25519-cert-v01@openssh.com", "hostkeyalgorithms ssh-ed25519-cert-v01@openssh.com"],
    ["Ciphers -*", "ciphers -*"],
  ])("leaves %s to openssh: names ssh2 lacks alone, a pattern ssh expands, or nothing left", (line, reason) => {
    expect(() => lists(line)).toThrow(reason);
  });
});
