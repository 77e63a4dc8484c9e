import { readFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { Host } from "../src/host.ts";
import { configure } from "../src/settings.ts";
import type { HostOptions, Transport } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";

// A known_hosts `@revoked` line for the host's key, on both transports: refused in ssh's words unless
// StrictHostKeyChecking is no, which goes on unsafe and says so; a line for another host changes nothing.
const fleet = useFleet({ hosts: 1 });
const dir = mkdtempSync(join(tmpdir(), "dk-revoked-kh-"));
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;
afterEach(() => void configure({ trace: undefined }));

function host(transport: Transport, known: string, strict: string, extra: HostOptions = {}): Host {
  const { sandbox } = fleet;
  const file = join(dir, `known-${Math.random()}`);
  writeFileSync(file, known);
  const sshOptions = ["-F", "/dev/null", "-o", `UserKnownHostsFile=${file}`, "-o", `StrictHostKeyChecking=${strict}`];
  return new Host(sandbox.addresses[0]!, {
    user: sandbox.user,
    port: sandbox.port,
    key: sandbox.key,
    hostKeyCheck: "none",
    sshOptions,
    transport,
    ...extra,
  });
}

const name = () => `[${fleet.sandbox.addresses[0]}]:${fleet.sandbox.port}`;
const hostKey = () => readFileSync(join(fleet.sandbox.dir, "host_key.pub"), "utf8").split(" ").slice(0, 2).join(" ");

describe.each(["openssh", "native"] as const)("a @revoked known_hosts line over %s", (transport) => {
  it.each(["yes", "accept-new", "ask"])("refuses the host's key under StrictHostKeyChecking %s", async (strict) => {
    const known = `@revoked * ${hostKey()}\n${name()} ${hostKey()}\n`;
    const error = await host(transport, known, strict)
      .run("echo ran", pipe)
      .catch((e: unknown) => e as CommandError);
    expect(error).toBeInstanceOf(CommandError);
    const stderr = (error as CommandError).stderr;
    expect(stderr).toContain("WARNING: REVOKED HOST KEY DETECTED!");
    expect(stderr).toContain(`The ED25519 host key for ${name()} is marked as revoked.`);
    expect(stderr).toContain(`ED25519 host key for ${name()} was revoked and you have requested strict checking.`);
    expect(stderr).toContain("Host key verification failed.");
  });

  it("goes on unsafe under StrictHostKeyChecking no, saying what it turned off", async () => {
    const r = await host(transport, `@revoked ${name()} ${hostKey()}\n`, "no").run("echo ran", pipe);
    expect(r.stdout).toBe("ran\n");
    expect(r.stderr).toContain(`The ED25519 host key for ${name()} is marked as revoked.`);
    expect(r.stderr).toContain("Keyboard-interactive authentication is disabled to avoid man-in-the-middle attacks.");
  });

  it("runs where the line names another host", async () => {
    const known = `@revoked other.example ${hostKey()}\n${name()} ${hostKey()}\n`;
    const lines: string[] = [];
    configure({ trace: (m) => lines.push(m) });
    expect((await host("auto", known, "yes").run("echo ran", pipe)).stdout).toBe("ran\n");
    if (transport === "native") expect(lines.join("\n")).toMatch(/transport native/);
  });
});
