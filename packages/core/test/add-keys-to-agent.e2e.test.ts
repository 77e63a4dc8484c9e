import { appendFileSync, readFileSync } from "node:fs";
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { addKeysSetting } from "../src/ssh/native/add-to-agent.ts";
import { useAgent } from "./helpers/agent.ts";
import { useFleet } from "./helpers/fleet.ts";
import { keygen } from "./helpers/keygen.ts";

// AddKeysToAgent: ssh adds a key file it logs in with to the agent (IdentityAgent's, or SSH_AUTH_SOCK's), under the
// file's comment (a PEM file's path, which has none), with the lifetime and confirmation it names. Native must leave
// the agent as ssh leaves it; the agent's own list shows what each put there.
const fleet = useFleet({ hosts: 1 });
const agent = useAgent(() => {});
const socket = () => join(agent.dir, "agent.sock");
const agentEnv = () => ({ ...process.env, SSH_AUTH_SOCK: socket() });
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;
const KEYS = {
  ed25519: ["-t", "ed25519", "-C", "an ed25519 key"],
  ecdsa: ["-t", "ecdsa", "-b", "384", "-C", "an ecdsa key"],
  rsa: ["-t", "rsa", "-b", "2048", "-m", "PEM"],
} as const;

// A new key of `type` that the fleet's host takes.
function key(type: keyof typeof KEYS, name: string = type): string {
  const file = join(agent.dir, name);
  keygen(file, KEYS[type]);
  appendFileSync(join(fleet.sandbox.dir, "authorized_keys"), readFileSync(`${file}.pub`));
  return file;
}

// What the agent holds, one `bits fingerprint comment (TYPE)` line per key ("" for none).
function held(): string {
  const list = spawnSync("ssh-add", ["-l"], { env: agentEnv(), encoding: "utf8" });
  return list.status === 0 ? list.stdout : "";
}

// The agent made empty again.
function emptyAgent(): void {
  execFileSync("ssh-add", ["-D"], { env: agentEnv(), stdio: "ignore" });
}

async function login(file: string, addKeys?: string): Promise<void> {
  const sshOptions = [...fleet.sandbox.hostOptions.sshOptions, "-o", `IdentityAgent=${socket()}`];
  if (addKeys !== undefined) sshOptions.push("-o", `AddKeysToAgent=${addKeys}`);
  const host = fleet.host({ key: file, sshOptions });
  await host.run("true", { ...pipe, freshConnection: true });
}

describe("AddKeysToAgent", () => {
  it("adds the key file a login used, under its comment, whatever its type", async () => {
    for (const type of ["ed25519", "ecdsa"] as const) {
      const file = key(type);
      emptyAgent();
      await login(file, "yes");
      expect(held()).toBe(execFileSync("ssh-keygen", ["-l", "-f", file], { encoding: "utf8" }));
    }
  });

  it("names a PEM key, which has no comment, by its path; with a lifetime and confirmation too", async () => {
    const file = key("rsa");
    emptyAgent();
    await login(file, "confirm 1h");
    const [bits, fingerprint] = execFileSync("ssh-keygen", ["-l", "-f", file], { encoding: "utf8" }).split(" ");
    expect(held()).toBe(`${bits} ${fingerprint} ${file} (RSA)\n`);
  });

  it("adds nothing by default, nor under no", async () => {
    const file = key("ed25519", "unadded");
    emptyAgent();
    await login(file);
    await login(file, "no");
    expect(held()).toBe("");
  });
});

describe("addKeysSetting", () => {
  it("reads AddKeysToAgent as ssh does", () => {
    expect(addKeysSetting(undefined)).toBeUndefined();
    expect(addKeysSetting(["no"])).toBeUndefined();
    expect(addKeysSetting(["ask"])).toBe("ask");
    expect(addKeysSetting(["yes"])).toEqual({ confirm: false, lifetime: 0 });
    expect(addKeysSetting(["confirm"])).toEqual({ confirm: true, lifetime: 0 });
    expect(addKeysSetting(["confirm", "5m"])).toEqual({ confirm: true, lifetime: 300 });
    expect(addKeysSetting(["1h30m"])).toEqual({ confirm: false, lifetime: 5400 });
  });
});
