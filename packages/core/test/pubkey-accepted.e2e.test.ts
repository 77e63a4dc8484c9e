import { execFileSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { useAgent } from "./helpers/agent.ts";
import { useFleet } from "./helpers/fleet.ts";

// PubkeyAcceptedAlgorithms and RequiredRSASize on both transports: a key of a type the list leaves out, or an RSA
// key under the size, is never offered, from a file or from the agent; an RSA host key under the size is refused.
// The host says which key logged in ($SSH_USER_AUTH). Its second host key is RSA (3072 bits, ssh-keygen's default).
const rsaHostKey = join(mkdtempSync(join(tmpdir(), "dk-rsa-host-")), "rsa");
execFileSync("ssh-keygen", ["-q", "-N", "", "-t", "rsa", "-f", rsaHostKey]);
const fleet = useFleet({ hosts: 1, sshdConfig: ["ExposeAuthInfo yes", `HostKey ${rsaHostKey}`] });
const key = (name: string) => join(agent.dir, name);
const agent = useAgent(({ add }) => {
  for (const [name, type] of [
    ["ed", "ed25519"],
    ["rsa", "rsa"],
  ] as const) {
    execFileSync("ssh-keygen", ["-q", "-N", "", "-t", type, "-f", key(name)]);
    appendFileSync(join(fleet.sandbox.dir, "authorized_keys"), readFileSync(`${key(name)}.pub`));
    add(key(name));
  }
});
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;

function through(accepted: string, options: { key?: string } = {}, more: readonly string[] = []) {
  const sshOptions = [
    "-F",
    "/dev/null",
    "-o",
    `PubkeyAcceptedAlgorithms=${accepted}`,
    ...more.flatMap((o) => ["-o", o]),
  ];
  return fleet.host({ sshOptions, ...options }).run('cut -d" " -f1,2 "$SSH_USER_AUTH"', pipe);
}

const failure = (run: Promise<unknown>) =>
  run.then(
    () => undefined,
    (e: unknown) => e as CommandError,
  );

describe("PubkeyAcceptedAlgorithms", () => {
  it("skips the agent's keys of types it leaves out, and logs in with one it names", async () => {
    expect((await through("ecdsa-sha2-nistp256,rsa-sha2-256")).stdout).toMatch(/^publickey (ssh-rsa|rsa-sha2-256)\n/);
    expect((await through("ssh-ed25519")).stdout).toBe("publickey ssh-ed25519\n");
  });

  it("offers no key at all when it names none of their types: the login fails as ssh's does", async () => {
    const error = await through("ecdsa-sha2-nistp256").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).exitCode).toBe(255);
    expect((error as CommandError).stderr).toMatch(/Permission denied \(publickey/);
    // A key file is skipped alike (the fleet's own key, ed25519).
    const file = await through("ecdsa-sha2-nistp256", { key: fleet.sandbox.key }).catch((e: unknown) => e);
    expect((file as CommandError).stderr).toMatch(/Permission denied \(publickey/);
  });

  it("RequiredRSASize: an RSA key under it is not offered, nor an RSA host key taken", async () => {
    const rsa = "rsa-sha2-256";
    expect((await through(rsa, {}, ["RequiredRSASize=3072"])).stdout).toMatch(/^publickey (ssh-rsa|rsa-sha2-256)\n/);
    expect((await failure(through(rsa, {}, ["RequiredRSASize=4096"])))?.stderr).toMatch(/Permission denied/);
    const hostRsa = ["HostKeyAlgorithms=rsa-sha2-512"];
    expect((await through("ssh-ed25519", {}, hostRsa)).stdout).toBe("publickey ssh-ed25519\n");
    const refused = await failure(through("ssh-ed25519", {}, [...hostRsa, "RequiredRSASize=3073"]));
    expect(refused?.exitCode).toBe(255);
    expect(refused?.stderr).toContain("Bad server host key: Invalid key length");
  });
});
