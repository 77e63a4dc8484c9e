import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { Host } from "../src/host.ts";
import type { HostOptions } from "../src/types.ts";
import { useAgent } from "./helpers/agent.ts";
import { useFleet } from "./helpers/fleet.ts";

// ForwardAgent hands the host your agent, whatever IdentitiesOnly says of the login (the fleet's options set it).
const fleet = useFleet({ hosts: 1 });
useAgent(({ add }) => add(fleet.sandbox.hostOptions.key!));

const host = (options: HostOptions): Host => fleet.host(options);

const agentKeys = "ssh-add -l 2>&1 || true";

describe("agent forwarding", () => {
  it("forwardAgent gives the remote command the agent's keys, also when the login uses only the key file", async () => {
    const fingerprint = execFileSync("ssh-keygen", ["-lf", fleet.sandbox.hostOptions.key!], { encoding: "utf8" });
    const r = await host({ forwardAgent: true }).run(agentKeys, { stdout: "pipe", quiet: true });
    expect(r.stdout).toContain(fingerprint.split(" ")[1]);
  });

  it("is off by default, and off for an IdentityAgent none", async () => {
    const off = await host({}).run('echo "[$SSH_AUTH_SOCK]"', { stdout: "pipe", quiet: true });
    expect(off.stdout).toBe("[]\n");
    const sshOptions = [...fleet.sandbox.hostOptions.sshOptions!, "-o", "IdentityAgent=none"];
    const none = await host({ forwardAgent: true, sshOptions }).run('echo "[$SSH_AUTH_SOCK]"', {
      stdout: "pipe",
      quiet: true,
    });
    expect(none.stdout).toBe("[]\n");
  });
});
