import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "@deploykit/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { parseHosts } from "../src/parse-hosts.ts";
import { useFleet } from "./helpers/fleet.ts";

// A bastion per site: the fleet is reached through a jump host (a second sandbox sshd), named in an ssh config.
// Runs once per transport (DEPLOYKIT_TRANSPORT): native goes through its own channels, openssh through `ssh -J`.
const fleet = useFleet({ hosts: 2 });
const jumps: { open?: Sandbox; closed?: Sandbox } = {};
let config = "";
// A known_hosts file that holds no key.
let unknownTo = "";

beforeAll(async () => {
  jumps.open = await startSandbox({ hosts: 1, firstOctet: 60 });
  jumps.closed = await startSandbox({ hosts: 1, firstOctet: 61, sshdConfig: ["AllowTcpForwarding no"] });
  const entry = (name: string, s: Sandbox) =>
    `Host ${name}\n  HostName ${s.addresses[0]}\n  Port ${s.port}\n  User ${s.user}\n  IdentityFile ${s.key}\n` +
    "  IdentitiesOnly yes\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n  LogLevel ERROR\n";
  const dir = mkdtempSync(join(tmpdir(), "dk-jump-"));
  config = join(dir, "config");
  unknownTo = join(dir, "known_hosts");
  writeFileSync(unknownTo, "");
  const strict = (name: string, s: Sandbox) =>
    entry(name, s).replace("StrictHostKeyChecking no", "StrictHostKeyChecking yes").replace("/dev/null", unknownTo);
  // ssh's default policy, which without a terminal to ask on says only that the check failed, naming no host.
  const asking = (name: string, s: Sandbox) =>
    strict(name, s).replace("StrictHostKeyChecking yes", "StrictHostKeyChecking ask");
  writeFileSync(
    config,
    entry("bastion", jumps.open) +
      entry("closed", jumps.closed) +
      strict("unknown-bastion", jumps.open) +
      asking("asking-bastion", jumps.open),
  );
}, 120_000);
afterAll(async () => Promise.all([jumps.open?.stop(), jumps.closed?.stop()]));

// The fleet's hosts, reached through `jump` (one ProxyJump value: a host, or a chain), with the config as `files`
// name it.
function group(jump: string, files = ["-F", config]) {
  const { sandbox } = fleet;
  const sshOptions = [...files, "-o", "IdentitiesOnly=yes", "-o", `ProxyJump=${jump}`];
  return parseHosts(sandbox.spec, { ...sandbox.hostOptions, sshOptions });
}

describe("ProxyJump", () => {
  it("reaches every host of the fleet through the bastion", async () => {
    const results = await group("bastion").run("echo $SSH_CONNECTION", { stdout: "pipe", echo: false });
    expect(results.map((r) => r.result.stdout.split(" ")[2])).toEqual(fleet.sandbox.addresses);
  });

  it("goes through the jump host: one that refuses to forward fails every host with ssh's exit code", async () => {
    const error = await group("closed")
      .hosts[0]!.run("true", { stdout: "pipe", stderr: "pipe", echo: false })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).exitCode).toBe(255);
  });

  it("follows a chain of jump hosts", async () => {
    const [r] = await group("bastion,bastion").run("echo chained", { stdout: "pipe", echo: false });
    expect(r!.result.stdout).toBe("chained\n");
  });

  it("reads the jump host from the -F file as ssh does: joined to the flag, and the last of two", async () => {
    // Were the first file read for the jump host, it would go to a closed port.
    const decoy = join(mkdtempSync(join(tmpdir(), "dk-jump-decoy-")), "config");
    writeFileSync(decoy, "Host bastion\n  HostName 127.0.0.1\n  Port 9\n");
    for (const files of [[`-F${config}`], ["-F", decoy, "-F", config]]) {
      const [r] = await group("bastion", files).run("echo through", { stdout: "pipe", echo: false });
      expect(r!.result.stdout).toBe("through\n");
    }
  });

  // A run through `jump` fails on the open jump host's key: the hint names that host and where its key goes.
  async function expectJumpKeyHint(jump: string) {
    const error = await group(jump)
      .hosts[0]!.run("true", { stdout: "pipe", stderr: "pipe", echo: false })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    const { port, addresses } = jumps.open!;
    expect((error as Error).message).toContain(
      `the key of the jump host ${addresses[0]} is not in known_hosts; check it and add it ` +
        `(\`ssh-keyscan -p ${port} ${addresses[0]} >> ${unknownTo}\`)`,
    );
  }

  it("names the jump host, and where its key goes, when ssh cannot check the jump host's key", () =>
    expectJumpKeyHint("unknown-bastion"));

  it.each(["asking-bastion", "bastion,asking-bastion", "asking-bastion,bastion"])(
    "names the jump host whose key failed when ssh names none (through %s)",
    (jump) => expectJumpKeyHint(jump),
  );
});
