import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { useFleet } from "./helpers/fleet.ts";

// KexAlgorithms, Ciphers, MACs and HostKeyAlgorithms hold on both transports: what the host offers connects, what it
// does not fails alike, in ssh's words (the sandbox's sshd has OpenSSH's defaults and an ed25519 host key alone).
const fleet = useFleet({ hosts: 1 });
const knownHosts = join(mkdtempSync(join(tmpdir(), "dk-algorithms-")), "known_hosts");
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;

// ssh's own words about a failure show under every host-key policy.
function run(...lines: string[]) {
  const options = lines.flatMap((line) => ["-o", line]);
  const sshOptions = [...fleet.sandbox.hostOptions.sshOptions, "-o", `UserKnownHostsFile=${knownHosts}`, ...options];
  return fleet.host({ hostKeyCheck: "tofu", sshOptions }).run("echo in", pipe);
}

// What the ssh binary itself prints for `lines` against the sandbox's host: its "Unable to negotiate" line.
function sshSays(...lines: string[]): string | undefined {
  const { key, port, user, addresses } = fleet.sandbox;
  const options = [...fleet.sandbox.hostOptions.sshOptions, ...lines.flatMap((line) => ["-o", line])];
  const args = ["-i", key, "-p", String(port), "-l", user, "-o", `UserKnownHostsFile=${knownHosts}`, ...options];
  const ssh = spawnSync("ssh", [...args, "-o", "StrictHostKeyChecking=accept-new", addresses[0]!, "true"], {
    encoding: "utf8",
    timeout: 30_000,
  });
  // ssh ends its fatal lines with \r\n.
  return ssh.stderr.split(/\r?\n/).find((line) => line.startsWith("Unable to negotiate"));
}

describe("algorithm options", () => {
  it.each([
    ["Ciphers aes256-ctr"],
    ["Ciphers ^chacha20-poly1305@openssh.com"],
    ["Ciphers -aes*"],
    ["Ciphers aes128-ctr", "MACs hmac-sha2-512,hmac-sha1"],
    ["KexAlgorithms diffie-hellman-group16-sha512"],
    ["KexAlgorithms +diffie-hellman-group14-sha1"],
    ["HostKeyAlgorithms +ssh-rsa"],
    ["HostKeyAlgorithms ssh-ed25519,rsa-sha2-512"],
  ])("%s, which the host offers, connects", async (...lines) => {
    expect((await run(...lines)).stdout).toBe("in\n");
  });

  it.each([
    [["Ciphers 3des-cbc"], "cipher"],
    [["Ciphers aes128-ctr", "MACs hmac-md5"], "MAC"],
    [["KexAlgorithms diffie-hellman-group1-sha1"], "key exchange method"],
    [["HostKeyAlgorithms rsa-sha2-512,ecdsa-sha2-nistp256"], "host key type"],
    [["HostKeyAlgorithms -ssh-ed25519"], "host key type"],
  ])("%j, which the host does not offer, fails as ssh does", async (lines, what) => {
    const error = await run(...lines).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    const { port } = fleet.sandbox;
    expect((error as CommandError).message).toContain(
      `Unable to negotiate with ${fleet.sandbox.addresses[0]} port ${port}: no matching ${what} found`,
    );
    expect((error as CommandError).message).toContain("the host offers no algorithm of that kind");
    // The whole line, the server's offer with it, as the ssh binary prints it.
    const said = sshSays(...lines);
    expect(said).toMatch(/ Their offer: \S+$/);
    expect(String((error as CommandError).stderr)).toContain(said);
  });
});

describe("hostKeyCheck none", () => {
  it("keeps ssh's reason for failing in view, and no notice of a host key added on success", async () => {
    const options = { ...pipe, echo: true };
    const ok = await fleet.host().run("echo in; echo err >&2", options);
    expect([ok.stdout, ok.stderr]).toEqual(["in\n", "err\n"]);
    const error = await fleet
      .host({ sshOptions: [...fleet.sandbox.hostOptions.sshOptions, "-o", "Ciphers=3des-cbc"] })
      .run("echo in", pipe)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).message).toContain(
      `Unable to negotiate with ${fleet.sandbox.addresses[0]} port ${fleet.sandbox.port}: no matching cipher found`,
    );
  });

  it("keeps a line of the command's own that reads like ssh's notice", async () => {
    const notice = "Warning: Permanently added 'x' (ED25519) to the list of known hosts.";
    const ok = await fleet.host().run(`echo first >&2; echo "${notice}" >&2`, pipe);
    expect(ok.stderr).toBe(`first\n${notice}\n`);
  });
});
