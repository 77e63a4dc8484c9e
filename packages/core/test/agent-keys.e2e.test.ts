import { execFileSync } from "node:child_process";
import { appendFileSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import type { HostOptions } from "../src/types.ts";
import { useAgent } from "./helpers/agent.ts";
import { useFleet } from "./helpers/fleet.ts";

// Keys that need a passphrase, held by the agent: ssh logs in with the agent's copy and never asks, and so must native
// (a desktop's usual setup). Under IdentitiesOnly, only the agent's copies of the key files are offered.
const fleet = useFleet({ hosts: 1 });
const key = (name: string) => join(agent.dir, name);

function keygen(name: string, ...args: string[]): void {
  execFileSync("ssh-keygen", ["-q", "-N", "secret", "-C", name, "-f", key(name), ...args]);
}

const agent = useAgent(({ add }) => {
  keygen("locked", "-t", "ed25519");
  keygen("pem", "-t", "rsa", "-b", "2048", "-m", "PEM");
  keygen("outsider", "-t", "ed25519");
  execFileSync("ssh-keygen", ["-q", "-N", "", "-t", "ed25519", "-f", key("agent-only")]);
  const authorized = join(fleet.sandbox.dir, "authorized_keys");
  for (const name of ["locked", "pem", "agent-only"]) appendFileSync(authorized, readFileSync(`${key(name)}.pub`));
  // The OpenSSH-format key's public part is read from the key file itself; the PEM key's from its .pub.
  rmSync(`${key("locked")}.pub`);
  add(key("agent-only"));
  for (const name of ["locked", "pem", "outsider"]) add(key(name), "secret");
  rmSync(key("agent-only"));
});

const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;
// The fleet's options say IdentitiesOnly yes; these do not.
const anyKey: HostOptions = { sshOptions: ["-F", "/dev/null"] };

describe("keys that need a passphrase, held by the agent", () => {
  it.each(["locked", "pem"])("log in through the agent's copy of the %s key, asking nothing", async (name) => {
    const r = await fleet.host({ key: key(name) }).run("echo in", pipe);
    expect(r.stdout).toBe("in\n");
    const open = await fleet.host({ key: key(name), ...anyKey }).run("echo in", pipe);
    expect(open.stdout).toBe("in\n");
  });

  it("under IdentitiesOnly, the agent offers only the key files' keys: its other key is not tried", async () => {
    const error = await fleet
      .host({ key: key("outsider"), sshOptions: [...fleet.sandbox.hostOptions.sshOptions, "-o", "BatchMode=yes"] })
      .run("true", pipe)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).message).toMatch(/Permission denied \(publickey\)/);
    // Without it, the agent's other key, which the host takes, logs in.
    const r = await fleet.host({ key: key("outsider"), ...anyKey }).run("echo in", pipe);
    expect(r.stdout).toBe("in\n");
  });
});
