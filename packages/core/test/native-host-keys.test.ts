import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { Host } from "../src/host.ts";
import { configure } from "../src/settings.ts";
import { TransportError } from "../src/ssh/transport.ts";
import type { HostOptions } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";

// Host keys as the native transport checks and writes them, against what ssh itself then makes of the same files.
const fleet = useFleet({ hosts: 1 });
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;
afterEach(() => void configure({ trace: undefined }));

function host(overrides: HostOptions): Host {
  const { sandbox } = fleet;
  return new Host(sandbox.addresses[0]!, { user: sandbox.user, port: sandbox.port, key: sandbox.key, ...overrides });
}

// A known_hosts file of its own, as `-F /dev/null -o UserKnownHostsFile=…` options, plus `extra`.
function knownHostsOptions(extra: readonly string[] = []): { file: string; sshOptions: string[] } {
  const file = join(mkdtempSync(join(tmpdir(), "dk-native-kh-")), "known_hosts");
  return { file, sshOptions: ["-F", "/dev/null", "-o", `UserKnownHostsFile=${file}`, ...extra] };
}

// The sandbox host's key as `ssh-keyscan` prints it (`-H`: hashed).
function keyscan(hashed: boolean): string {
  const { sandbox } = fleet;
  const args = [...(hashed ? ["-H"] : []), "-t", "ed25519", "-p", String(sandbox.port), sandbox.addresses[0]!];
  return execFileSync("ssh-keyscan", args, { encoding: "utf8", timeout: 20_000, stdio: ["ignore", "pipe", "ignore"] });
}

describe("native host keys", () => {
  it("tofu writes a hashed [host]:port entry (HashKnownHosts) that ssh then accepts under strict", async () => {
    const { file, sshOptions } = knownHostsOptions(["-o", "HashKnownHosts=yes"]);
    await host({ hostKeyCheck: "tofu", sshOptions, transport: "native" }).run("true", pipe);
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(/^\|1\|[^|]+\|[^ ]+ ssh-ed25519 [A-Za-z0-9+/=]+\n$/);
    const viaSsh = await host({ hostKeyCheck: "strict", sshOptions, transport: "openssh" }).run("echo ok", pipe);
    expect(viaSsh.stdout).toBe("ok\n");
    await host({ hostKeyCheck: "strict", sshOptions, transport: "native" }).run("true", pipe);
  });

  it("tofu writes a plain `[host]:port` entry without HashKnownHosts", async () => {
    const { file, sshOptions } = knownHostsOptions();
    await host({ hostKeyCheck: "tofu", sshOptions, transport: "native" }).run("true", pipe);
    const { addresses, port } = fleet.sandbox;
    expect(readFileSync(file, "utf8")).toMatch(
      new RegExp(`^\\[${addresses[0]!.replace(/\./g, "\\.")}\\]:${port} ssh-ed25519 `),
    );
  });

  it.each([
    ["hashed", true],
    ["plain", false],
  ])("strict trusts a %s entry written by ssh-keyscan", async (_name, hashed) => {
    const { file, sshOptions } = knownHostsOptions();
    writeFileSync(file, keyscan(hashed));
    const r = await host({ hostKeyCheck: "strict", sshOptions, transport: "native" }).run("echo ok", pipe);
    expect(r.stdout).toBe("ok\n");
  });

  it("strict refuses an unknown host with ssh's words and the same hint", async () => {
    const { sshOptions } = knownHostsOptions();
    const error = await host({ hostKeyCheck: "strict", sshOptions, transport: "native" })
      .run("true", pipe)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).exitCode).toBe(255);
    expect((error as Error).message).toMatch(/No ED25519 host key is known for .*not in known_hosts.*ssh-keyscan -p/);
  });

  it("a key that does not match the entry is refused as changed; no command runs", async () => {
    const { file, sshOptions } = knownHostsOptions();
    const dir = mkdtempSync(join(tmpdir(), "dk-native-other-"));
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "k")]);
    const other = readFileSync(join(dir, "k.pub"), "utf8").split(" ").slice(0, 2).join(" ");
    writeFileSync(file, `[${fleet.sandbox.addresses[0]}]:${fleet.sandbox.port} ${other}\n`);
    const marker = join(dir, "ran");
    const error = await host({ hostKeyCheck: "strict", sshOptions, transport: "native" })
      .run(`touch ${marker}`, pipe)
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED.*ssh-keygen .*-R/);
    expect(() => readFileSync(marker)).toThrow();
  });

  it("auto leaves a host whose known_hosts has @cert-authority for it to ssh, and says so under trace", async () => {
    const { file, sshOptions } = knownHostsOptions();
    // A key ssh reads (a line it cannot read, it skips, marker and all).
    const ca = keyscan(false).split(" ").slice(1).join(" ");
    const lines: string[] = [];
    configure({ trace: (m) => lines.push(m) });
    // ssh reads only the lines that name the host: one for other hosts changes nothing.
    writeFileSync(file, `@cert-authority *.example ${ca}${keyscan(false)}`);
    await host({ hostKeyCheck: "strict", sshOptions, transport: "auto" }).run("true", pipe);
    expect(lines.join("\n")).toMatch(/transport native/);
    // A choice is made once per host and options: a file of its own.
    const { file: named, sshOptions: forIt } = knownHostsOptions();
    writeFileSync(named, `@cert-authority * ${ca}${keyscan(false)}`);
    await host({ hostKeyCheck: "strict", sshOptions: forIt, transport: "auto" }).run("true", pipe);
    expect(lines.join("\n")).toMatch(/transport openssh \(@cert-authority in .*known_hosts\)/);
    await expect(
      host({ hostKeyCheck: "strict", sshOptions: forIt, transport: "native" }).run("true", pipe),
    ).rejects.toThrow(TransportError);
  });
});
