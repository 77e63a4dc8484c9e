import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { Host } from "../src/host.ts";
import type { HostKeyCheck, Transport } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";

// A host off port 22 whose key known_hosts holds under its bare name (an entry from before it moved port, or from
// ssh-keyscan without -p): ssh, finding no `[host]:port` entry, looks again without the port and takes a match.
const fleet = useFleet({ hosts: 1 });
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;

// A known_hosts file holding `key` under the host's bare address.
function knownBare(key: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "dk-known-bare-")), "known_hosts");
  writeFileSync(file, `${fleet.sandbox.addresses[0]!} ${key}\n`);
  return file;
}

// The fleet host's key, `type base64`, as ssh-keyscan reads it.
function hostKey(): string {
  const { sandbox } = fleet;
  const args = ["-t", "ed25519", "-p", String(sandbox.port), sandbox.addresses[0]!];
  const line = execFileSync("ssh-keyscan", args, {
    encoding: "utf8",
    timeout: 20_000,
    stdio: ["ignore", "pipe", "ignore"],
  });
  return line.trim().split(" ").slice(1, 3).join(" ");
}

function host(file: string, hostKeyCheck: HostKeyCheck, transport: Transport): Host {
  const sshOptions = ["-F", "/dev/null", "-o", `UserKnownHostsFile=${file}`, "-o", "GlobalKnownHostsFile=/dev/null"];
  return fleet.host({ hostKeyCheck, transport, sshOptions });
}

describe("a host key known under the host's name without its port", () => {
  it.each(["openssh", "native"] as const)("is trusted under strict, over %s", async (transport) => {
    const r = await host(knownBare(hostKey()), "strict", transport).run("echo ok", pipe);
    expect(r.stdout).toBe("ok\n");
  });

  it.each(["openssh", "native"] as const)("adds no `[host]:port` entry under tofu, over %s", async (transport) => {
    const file = knownBare(hostKey());
    const before = readFileSync(file, "utf8");
    await host(file, "tofu", transport).run("true", pipe);
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it.each(["openssh", "native"] as const)("is no match when it is another key, over %s", async (transport) => {
    const dir = mkdtempSync(join(tmpdir(), "dk-known-bare-other-"));
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "k")]);
    const other = readFileSync(join(dir, "k.pub"), "utf8").split(" ").slice(0, 2).join(" ");
    const error = await host(knownBare(other), "strict", transport)
      .run("true", pipe)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    // Unknown under `[host]:port`, not changed: the entry without the port only ever confirms a key.
    expect((error as Error).message).toMatch(/No ED25519 host key is known for \[/);
  });
});
