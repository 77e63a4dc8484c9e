import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, chmodSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { configure } from "../src/settings.ts";
import type { HostOptions } from "../src/types.ts";
import { useAgent } from "./helpers/agent.ts";
import { useFleet } from "./helpers/fleet.ts";

// An IdentityFile whose private key lives only in an agent (a hardware token, 1Password, a key added then deleted):
// ssh takes its public key from `file.pub` and logs in with the agent's copy, IdentitiesOnly or not. Without the
// agent's copy, or without either file, what ssh says is compared with ssh itself.
const fleet = useFleet({ hosts: 1 });
const key = (name: string) => join(agent.dir, name);
const agent = useAgent(({ add }) => {
  const authorized = join(fleet.sandbox.dir, "authorized_keys");
  for (const name of ["held", "lost", "other", "kept", "open", "loose"]) {
    execFileSync("ssh-keygen", ["-q", "-N", "", "-t", "ed25519", "-C", name, "-f", key(name)]);
    // A login with `other` runs its own command: which key logged in shows in the output.
    const forced = name === "other" ? 'command="echo via-other" ' : "";
    appendFileSync(authorized, forced + readFileSync(`${key(name)}.pub`, "utf8"));
  }
  // The agent lists `other` first.
  add(key("other"));
  add(key("held"));
  // A key file others may read, which ssh would not load: the agent's copy is what logs in.
  add(key("open"));
  chmodSync(key("open"), 0o644);
  // One no agent holds.
  chmodSync(key("loose"), 0o644);
  // Only the public keys stay: the agent holds the one, nobody the other.
  rmSync(key("held"));
  rmSync(key("lost"));
  const { addresses, port } = fleet.sandbox;
  const found = execFileSync("ssh-keyscan", ["-p", String(port), addresses[0]!], {
    encoding: "utf8",
    timeout: 20_000,
    stdio: ["ignore", "pipe", "ignore"],
  });
  writeFileSync(key("known_hosts"), found);
});
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;
// What ssh says of the key files comes with a login: a connection of its own.
const fresh = { ...pipe, freshConnection: true } as const;
afterEach(() => void configure({ trace: undefined }));

// ssh's options for the host: IdentitiesOnly, these IdentityFiles, its own known_hosts (so ssh says nothing else).
function options(files: readonly string[], only: boolean): string[] {
  return [
    "-F",
    "/dev/null",
    "-o",
    `IdentitiesOnly=${only ? "yes" : "no"}`,
    ...files.flatMap((file) => ["-o", `IdentityFile=${key(file)}`]),
    "-o",
    "BatchMode=yes",
    "-o",
    `UserKnownHostsFile=${key("known_hosts")}`,
  ];
}

function host(files: readonly string[], extra: HostOptions = {}, only = true) {
  return fleet.host({ key: undefined, hostKeyCheck: "strict", sshOptions: options(files, only), ...extra });
}

// ssh ends its log lines with \r\n, native with \n (as other e2e tests compare them).
const plain = (stderr: string) => stderr.replace(/\r\n/g, "\n");

// What ssh itself says (stderr) and exits with for `files`.
function sshSays(files: readonly string[]): { stderr: string; status: number | null } {
  const { addresses, port, user } = fleet.sandbox;
  const args = [...options(files, true), "-o", "StrictHostKeyChecking=yes", "-p", String(port), "-l", user];
  const r = spawnSync("ssh", [...args, addresses[0]!, "true"], { encoding: "utf8", timeout: 30_000 });
  return { stderr: r.stderr, status: r.status };
}

async function failure(files: readonly string[], extra: HostOptions = {}): Promise<CommandError> {
  const error = await host(files, extra)
    .run("true", pipe)
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CommandError);
  return error as CommandError;
}

describe("an IdentityFile whose private key only the agent holds", () => {
  it("logs in with the agent's copy, found by the key of file.pub, under IdentitiesOnly", async () => {
    const lines: string[] = [];
    configure({ trace: (m) => lines.push(m) });
    const r = await host(["held"]).run("echo in", pipe);
    expect(r.stdout).toBe("in\n");
    expect(r.stderr).toBe("");
    if (process.env.DEPLOYKIT_TRANSPORT === "native") expect(lines.join("\n")).toMatch(/transport native/);
  });

  it("without the agent's copy, fails as ssh does, which offers the .pub's key (auto: native too)", async () => {
    const ssh = sshSays(["lost"]);
    // The server takes the key ssh offers; ssh then finds no private key file, and says so.
    expect(ssh.status).toBe(255);
    expect(ssh.stderr).toMatch(/^no such identity: .*lost: No such file or directory\r?$/m);
    const lines: string[] = [];
    configure({ trace: (m) => lines.push(m) });
    const error = await failure(["lost"], { transport: "auto" });
    expect(error.exitCode).toBe(255);
    expect(plain(error.stderr)).toBe(plain(ssh.stderr));
    expect(lines.join("\n")).toMatch(/transport native/);
  });

  it("with neither file, says what ssh says of it, and logs in with the agent's key before it", async () => {
    const ssh = sshSays(["gone"]);
    expect(ssh.status).toBe(255);
    expect(ssh.stderr).toMatch(/^no such identity: .*gone: No such file or directory$/m);
    const error = await failure(["gone"]);
    expect(error.exitCode).toBe(255);
    expect(plain(error.stderr)).toBe(plain(ssh.stderr));
    const r = await host(["held", "gone"]).run("echo in", pipe);
    expect([r.stdout, r.stderr]).toEqual(["in\n", ""]);
  });

  it("with neither file, before a key file that logs in: ssh says so, then logs in (auto: native)", async () => {
    const lines: string[] = [];
    configure({ trace: (m) => lines.push(m) });
    const r = await host(["gone", "kept"], { transport: "auto" }).run("echo in", fresh);
    expect(r.stdout).toBe("in\n");
    expect(plain(r.stderr)).toBe(`no such identity: ${key("gone")}: No such file or directory\n`);
    expect(lines.join("\n")).toMatch(/transport native/);
  });

  it("logs in with the agent's copy of a key file others may read, saying what ssh says of it", async () => {
    const ssh = sshSays(["open"]);
    expect(ssh.status).toBe(0);
    const r = await host(["open"]).run("echo in", pipe);
    expect(r.stdout).toBe("in\n");
    expect(plain(r.stderr)).toBe(plain(ssh.stderr));
  });

  it("says what ssh says of a key file others may read and no agent holds, before a key after it too", async () => {
    const ssh = sshSays(["loose"]);
    expect(ssh.status).toBe(255);
    expect(ssh.stderr).toContain("WARNING: UNPROTECTED PRIVATE KEY FILE!");
    expect(plain((await failure(["loose"])).stderr)).toBe(plain(ssh.stderr));
    const lines: string[] = [];
    configure({ trace: (m) => lines.push(m) });
    const r = await host(["loose", "kept"], { transport: "auto" }).run("echo in", fresh);
    expect([r.stdout, plain(r.stderr)]).toEqual(["in\n", plain(sshSays(["loose", "kept"]).stderr)]);
    expect(lines.join("\n")).toMatch(/transport native/);
  });

  it("without IdentitiesOnly, offers the agent's copy first, before the agent's other keys, as ssh", async () => {
    // The agent lists `other` first, whose login says so: ssh logs in with the key file's copy.
    const r = await host(["held"], {}, false).run("echo in", pipe);
    expect(r.stdout).toBe("in\n");
  });
});
