import { describe, expect, it } from "vitest";
import { algorithmsFor } from "../src/ssh/native/algorithms.ts";
import { asSshWatch } from "../src/ssh/native/as-ssh.ts";
import { loadSsh2 } from "../src/ssh/native/ssh2.ts";
import { resolveSsh } from "../src/ssh/resolve/resolve.ts";

// Which server offers keep a host native under auto: where ssh would choose, of its whole list, a name native has; or,
// for a key exchange of ssh's defaults the configuration does not name (sntrup761x25519), another of those defaults.
const SERVER = {
  kex: "sntrup761x25519-sha512@openssh.com,curve25519-sha256,ecdh-sha2-nistp256,diffie-hellman-group14-sha256",
  hostKey: "rsa-sha2-512,rsa-sha2-256,ecdsa-sha2-nistp256,ssh-ed25519",
  cipher: "chacha20-poly1305@openssh.com,aes128-ctr,aes256-gcm@openssh.com",
  mac: "umac-64-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha1",
};

// The watch's verdict for a host with `lines` set, against a server whose lists are SERVER's with `offer` on top.
function verdict(lines: readonly string[], offer: Partial<typeof SERVER> = {}): string | undefined {
  const resolved = resolveSsh("web1", ["-F", "/dev/null", ...lines.flatMap((l) => ["-o", l])]);
  const algorithms = algorithmsFor(resolved, loadSsh2());
  if ("openssh" in algorithms) throw new Error(algorithms.openssh);
  const watch = asSshWatch(algorithms, (list) => list);
  const server = { ...SERVER, ...offer };
  watch.remote("KEX method", server.kex);
  watch.remote("Host key format", server.hostKey);
  for (const direction of ["C->S", "S->C"]) {
    watch.remote(`${direction} cipher`, server.cipher);
    watch.remote(`${direction} MAC`, server.mac);
  }
  return watch.differs();
}

describe("the watch of what ssh would choose", () => {
  it("keeps a default OpenSSH server native: curve25519 for ssh's sntrup761x25519, unless named", () => {
    expect(verdict([])).toBeUndefined();
    expect(verdict(["KexAlgorithms +diffie-hellman-group14-sha1"])).toBeUndefined();
    expect(verdict(["KexAlgorithms -ecdh*"])).toBeUndefined();
  });

  it.each([
    [
      [],
      { kex: "sntrup761x25519-sha512@openssh.com" },
      "KexAlgorithms: ssh would take sntrup761x25519-sha512@openssh.com",
    ],
    [
      ["KexAlgorithms +diffie-hellman-group1-sha1"],
      { kex: "sntrup761x25519-sha512@openssh.com,diffie-hellman-group1-sha1" },
      "KexAlgorithms: ssh would take sntrup761x25519-sha512@openssh.com",
    ],
    [
      ["KexAlgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256"],
      {},
      "KexAlgorithms: ssh would take sntrup761x25519-sha512@openssh.com",
    ],
    [[], { cipher: "aes128-ctr" }, "MACs: ssh would take umac-64-etm@openssh.com (C->S)"],
    [
      [],
      { hostKey: "rsa-sha2-512-cert-v01@openssh.com,ssh-ed25519" },
      "HostKeyAlgorithms: ssh would take rsa-sha2-512-cert-v01@openssh.com",
    ],
  ] as const)("%j against %j goes to openssh", (lines, offer, reason) => {
    expect(verdict(lines, offer)).toBe(`${reason}, which native lacks`);
  });

  it.each([
    [[], { kex: "diffie-hellman-group15-sha512" }],
    [[], { mac: "umac-64-etm@openssh.com" }],
    [[], { cipher: "aes128-ctr", mac: "umac-128@openssh.com,hmac-sha2-256-etm@openssh.com" }],
    [["Ciphers aes128-ctr", "MACs hmac-sha1,umac-64-etm@openssh.com"], {}],
  ] as const)("%j against %j stays native: ssh finds none (nor does native), or one native has", (lines, offer) => {
    expect(verdict(lines, offer)).toBeUndefined();
  });
});
