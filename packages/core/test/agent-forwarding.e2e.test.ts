import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Host } from "../src/host.ts";
import type { HostOptions } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";

// ForwardAgent hands the host your agent, whatever IdentitiesOnly says of the login (the fleet's options set it).
const fleet = useFleet({ hosts: 1 });
const dir = mkdtempSync(join(tmpdir(), "dk-agent-"));
const socket = join(dir, "agent.sock");
const before = process.env.SSH_AUTH_SOCK;
let agent: ChildProcess | undefined;

beforeAll(async () => {
  agent = spawn("ssh-agent", ["-D", "-a", socket], { stdio: "ignore" });
  for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 50));
  execFileSync("ssh-add", [fleet.sandbox.hostOptions.key!], { env: { ...process.env, SSH_AUTH_SOCK: socket } });
  process.env.SSH_AUTH_SOCK = socket;
});

afterAll(() => {
  if (before === undefined) delete process.env.SSH_AUTH_SOCK;
  else process.env.SSH_AUTH_SOCK = before;
  agent?.kill();
  rmSync(dir, { recursive: true, force: true });
});

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
