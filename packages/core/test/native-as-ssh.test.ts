import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { configure } from "../src/settings.ts";
import type { Transport } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";

// Algorithm lists that name what native lacks (umac, sntrup761, certificates): under auto a host stays native while
// ssh would choose, on that server, a name native has; else its commands go through ssh, the first one included.
const fleet = useFleet({
  hosts: 3,
  sshdConfig: ["Ciphers aes128-ctr,aes128-gcm@openssh.com", "MACs umac-128-etm@openssh.com,hmac-sha2-256"],
});
afterEach(() => void configure({ trace: undefined }));

async function run(options: readonly string[], transport: Transport = "auto", config?: readonly string[]) {
  const lines: string[] = [];
  configure({ trace: (line) => lines.push(line) });
  const sshOptions = [...(config ?? fleet.sandbox.hostOptions.sshOptions), ...options.flatMap((o) => ["-o", o])];
  const host = fleet.group({ sshOptions, transport }).hosts[0];
  const outputs = [];
  for (let i = 0; i < 2; i++) outputs.push((await host!.run("echo ran", { stdout: "pipe", echo: false })).stdout);
  return { outputs, trace: lines.filter((line) => line.includes("transport")) };
}

describe("lists with names native lacks", () => {
  it("go through ssh when ssh would choose such a name on that server, from the first command on", async () => {
    const { outputs, trace } = await run(["Ciphers=aes128-ctr", "MACs=umac-128-etm@openssh.com,hmac-sha2-256"]);
    expect(outputs).toEqual(["ran\n", "ran\n"]);
    // Three hosts at once, each its own decision: each falls back, each once.
    const lines: string[] = [];
    configure({ trace: (line) => lines.push(line) });
    const sshOptions = [...fleet.sandbox.hostOptions.sshOptions, "-o", "MACs=umac-128-etm@openssh.com,hmac-sha1"];
    const group = fleet.group({ sshOptions: [...sshOptions, "-o", "Ciphers=aes128-ctr"] });
    for (let i = 0; i < 2; i++) {
      const results = await group.run("echo ran", { stdout: "pipe", echo: false });
      expect(results.map((r) => r.result.stdout)).toEqual(["ran\n", "ran\n", "ran\n"]);
    }
    expect(lines.filter((line) => line.includes("transport openssh (MACs"))).toHaveLength(3);
    // Three commands at once to one host: each goes through ssh, and the host is said to once.
    lines.length = 0;
    const [first] = fleet.group({
      sshOptions: [...sshOptions, "-o", "Ciphers=aes128-ctr", "-o", "Compression=no"],
    }).hosts;
    const three = await Promise.all([1, 2, 3].map(() => first!.run("echo ran", { stdout: "pipe", echo: false })));
    expect(three.map((r) => r.stdout)).toEqual(["ran\n", "ran\n", "ran\n"]);
    expect(lines.filter((line) => line.includes("transport openssh (MACs"))).toHaveLength(1);
    expect(trace.at(-1)).toMatch(/transport openssh \(MACs: ssh would take umac-128-etm@openssh.com \(C->S\)/);
    const kex = await run(["KexAlgorithms=sntrup761x25519-sha512@openssh.com,curve25519-sha256"]);
    expect(kex.outputs).toEqual(["ran\n", "ran\n"]);
    expect(kex.trace.at(-1)).toMatch(/KexAlgorithms: ssh would take sntrup761x25519-sha512@openssh.com/);
  });

  it("stay native where ssh chooses what native has: an earlier name, or a cipher that needs no MAC", async () => {
    for (const options of [
      ["Ciphers=aes128-ctr", "MACs=hmac-sha2-256,umac-128-etm@openssh.com"],
      ["Ciphers=aes128-gcm@openssh.com,aes128-ctr", "MACs=umac-128-etm@openssh.com,hmac-sha2-256"],
      // A host without a certificate: ssh takes its plain key, as native does (ssh's default MACs start with umac).
      [
        "HostKeyAlgorithms=ssh-ed25519-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512",
        "MACs=hmac-sha2-256",
      ],
    ]) {
      const { outputs, trace } = await run(options);
      expect(outputs).toEqual(["ran\n", "ran\n"]);
      expect(trace).toEqual([expect.stringMatching(/transport native$/)]);
    }
  });

  it("asked for, native connects with the names it has", async () => {
    const options = ["Ciphers=aes128-ctr", "MACs=umac-128-etm@openssh.com,hmac-sha2-256"];
    const { outputs, trace } = await run(options, "native");
    expect(outputs).toEqual(["ran\n", "ran\n"]);
    expect(trace).toEqual([expect.stringMatching(/transport native$/)]);
  });

  it("a configuration laid out as Fedora's (Match final, its crypto policy included) stays native", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dk-fedora-"));
    const policy = [
      "Ciphers aes256-gcm@openssh.com,chacha20-poly1305@openssh.com,aes256-ctr,aes128-gcm@openssh.com,aes128-ctr",
      "MACs hmac-sha2-256-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-128-etm@openssh.com," +
        "hmac-sha2-512-etm@openssh.com,hmac-sha2-256,hmac-sha1,umac-128@openssh.com,hmac-sha2-512",
      "GSSAPIKexAlgorithms gss-curve25519-sha256-,gss-nistp256-sha256-,gss-group14-sha256-,gss-group16-sha512-",
      "KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384," +
        "ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group14-sha256," +
        "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512",
      `HostKeyAlgorithms ${FEDORA_KEYS}`,
      `PubkeyAcceptedAlgorithms ${FEDORA_KEYS}`,
      `HostbasedAcceptedAlgorithms ${FEDORA_KEYS}`,
      "CASignatureAlgorithms ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,ssh-ed25519," +
        "rsa-sha2-256,rsa-sha2-512",
      "RequiredRSASize 2048",
    ];
    writeFileSync(join(dir, "openssh.config"), `${policy.join("\n")}\n`);
    const vendor = [
      "Match final all",
      `  Include ${join(dir, "openssh.config")}`,
      "  GSSAPIAuthentication yes",
      "  ForwardX11Trusted yes",
      "  SendEnv LANG LC_CTYPE LC_NUMERIC LC_TIME LC_COLLATE LC_MONETARY LC_MESSAGES",
      "  SendEnv XMODIFIERS",
    ];
    writeFileSync(join(dir, "50-redhat.conf"), `${vendor.join("\n")}\n`);
    writeFileSync(join(dir, "ssh_config"), `Include ${join(dir, "*.conf")}\n`);
    const { outputs, trace } = await run(["IdentitiesOnly=yes"], "auto", ["-F", join(dir, "ssh_config")]);
    expect(outputs).toEqual(["ran\n", "ran\n"]);
    expect(trace).toEqual([expect.stringMatching(/transport native$/)]);
  });
});

// Fedora's DEFAULT policy's key algorithms: certificates and FIDO keys among them.
const FEDORA_KEYS = [
  "ecdsa-sha2-nistp256,ecdsa-sha2-nistp256-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com",
  "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384,ecdsa-sha2-nistp384-cert-v01@openssh.com",
  "ecdsa-sha2-nistp521,ecdsa-sha2-nistp521-cert-v01@openssh.com,ssh-ed25519,ssh-ed25519-cert-v01@openssh.com",
  "sk-ssh-ed25519@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,rsa-sha2-256,rsa-sha2-256-cert-v01@openssh.com",
  "rsa-sha2-512,rsa-sha2-512-cert-v01@openssh.com",
].join(",");
