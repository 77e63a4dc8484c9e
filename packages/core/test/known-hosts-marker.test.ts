import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { configure } from "../src/settings.ts";
import { entriesFor, markerIn } from "../src/ssh/native/known-hosts.ts";
import type { HostOptions } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";

// A known_hosts line whose marker is neither @cert-authority nor @revoked: ssh skips it, so native does too.
const fleet = useFleet({ hosts: 1 });
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;
afterEach(() => void configure({ trace: undefined }));

// The sandbox host's key line as `ssh-keyscan` prints it, and a known_hosts file of its own holding `text(line)`.
function knownHosts(text: (line: string) => string): { file: string; sshOptions: string[] } {
  const { addresses, port } = fleet.sandbox;
  const args = ["-t", "ed25519", "-p", String(port), addresses[0]!];
  const line = execFileSync("ssh-keyscan", args, {
    encoding: "utf8",
    timeout: 20_000,
    stdio: ["ignore", "pipe", "ignore"],
  });
  const file = join(mkdtempSync(join(tmpdir(), "dk-kh-marker-")), "known_hosts");
  writeFileSync(file, text(line));
  return { file, sshOptions: ["-F", "/dev/null", "-o", `UserKnownHostsFile=${file}`] };
}

const strict = (transport: HostOptions["transport"], sshOptions: string[]) =>
  fleet.host({ hostKeyCheck: "strict", sshOptions, transport }).run("echo ok", pipe);

describe("a known_hosts line with a marker ssh does not know", () => {
  it("trusts no key, for ssh or native, and keeps the host on native", async () => {
    const { file, sshOptions } = knownHosts((line) => `@foo ${line}`);
    const name = `[${fleet.sandbox.addresses[0]}]:${fleet.sandbox.port}`;
    expect(markerIn([file], name)).toBeUndefined();
    expect(entriesFor([file], name)).toEqual([]);
    const viaSsh = await strict("openssh", sshOptions).catch((e: unknown) => e);
    expect(viaSsh).toBeInstanceOf(CommandError);
    expect((viaSsh as Error).message).toMatch(/host key is known/);
    const lines: string[] = [];
    configure({ trace: (m) => lines.push(m) });
    const viaNative = await strict("auto", sshOptions).catch((e: unknown) => e);
    expect(lines.join("\n")).toMatch(/transport native/);
    expect((viaNative as Error).message).toMatch(/host key is known/);
  });

  it("leaves the lines after it as they are: a plain entry below still lets both in", async () => {
    const { sshOptions } = knownHosts((line) => `@Revoked ${line}${line}`);
    expect((await strict("openssh", sshOptions)).stdout).toBe("ok\n");
    const lines: string[] = [];
    configure({ trace: (m) => lines.push(m) });
    expect((await strict("auto", sshOptions)).stdout).toBe("ok\n");
    expect(lines.join("\n")).toMatch(/transport native/);
  });
});
