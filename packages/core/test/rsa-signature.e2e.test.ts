import { execFileSync } from "node:child_process";
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { useAgent } from "./helpers/agent.ts";
import { useFleet } from "./helpers/fleet.ts";

// Which signature an RSA key logs in with, on both transports: as ssh, the first RSA name of PubkeyAcceptedAlgorithms
// that the server lists in server-sig-algs (all it knows, whatever it accepts). This host accepts rsa-sha2-512 alone,
// so a login with rsa-sha2-256 fails as ssh's does.
const fleet = useFleet({
  hosts: 1,
  sshdConfig: ["PubkeyAcceptedAlgorithms rsa-sha2-512,ssh-ed25519", "ExposeAuthInfo yes"],
});
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;
// One RSA key as a file, another in the agent.
const key = (name: string) => join(agent.dir, name);
const agent = useAgent(({ add }) => {
  for (const name of ["file", "agent"]) {
    execFileSync("ssh-keygen", ["-q", "-N", "", "-t", "rsa", "-b", "2048", "-f", key(name)]);
    appendFileSync(join(fleet.sandbox.dir, "authorized_keys"), readFileSync(`${key(name)}.pub`));
  }
  add(key("agent"));
});

// The key a login used, as the host saw it ($SSH_USER_AUTH): its public blob.
const blob = (name: string) => `${readFileSync(`${key(name)}.pub`, "utf8").split(" ")[1]}\n`;

function login(accepted?: string, from: "file" | "agent" = "file") {
  const sshOptions = [
    "-F",
    "/dev/null",
    ...(from === "file" ? ["-o", "IdentityAgent=none"] : ["-o", "IdentitiesOnly=no"]),
    ...(accepted === undefined ? [] : ["-o", `PubkeyAcceptedAlgorithms=${accepted}`]),
  ];
  const options = from === "file" ? { key: key("file") } : {};
  return fleet.host({ sshOptions, ...options }).run('cut -d" " -f3 "$SSH_USER_AUTH"', pipe);
}

describe("an RSA key's signature", () => {
  it("is rsa-sha2-512 by default, as ssh's default list puts it first: from a key file or from the agent", async () => {
    expect((await login()).stdout).toBe(blob("file"));
    expect((await login(undefined, "agent")).stdout).toBe(blob("agent"));
    await expect(login("rsa-sha2-256", "agent")).rejects.toThrow(/Permission denied \(publickey\)/);
  });

  it("is the first the list names that the server lists: rsa-sha2-256 here, which this host refuses", async () => {
    const error = await login("rsa-sha2-256,rsa-sha2-512").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).exitCode).toBe(255);
    expect((error as CommandError).stderr).toMatch(/Permission denied \(publickey\)/);
    expect((await login("ssh-ed25519,rsa-sha2-512,rsa-sha2-256")).stdout).toBe(blob("file"));
  });
});
