import { execFileSync } from "node:child_process";
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { useAgent } from "./helpers/agent.ts";
import { useFleet } from "./helpers/fleet.ts";

// PubkeyAcceptedAlgorithms on both transports: a key of a type the list leaves out is never offered, from a file or
// from the agent. The host says which key logged in ($SSH_USER_AUTH).
const fleet = useFleet({ hosts: 1, sshdConfig: ["ExposeAuthInfo yes"] });
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

function through(accepted: string, options: { key?: string } = {}) {
  const sshOptions = ["-F", "/dev/null", "-o", `PubkeyAcceptedAlgorithms=${accepted}`];
  return fleet.host({ sshOptions, ...options }).run('cut -d" " -f1,2 "$SSH_USER_AUTH"', pipe);
}

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
});
