import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { configure } from "../src/settings.ts";
import { chooseTransport } from "../src/ssh/native/route.ts";
import type { Transport } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";

// Under StrictHostKeyChecking ask, ssh under dk (no terminal) asks an askpass program whether to accept a host's
// unknown key, and connects when told yes: auto leaves such a host to ssh, which native cannot ask.
const fleet = useFleet({ hosts: 1 });
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;
const dir = mkdtempSync(join(tmpdir(), "dk-askpass-key-"));
const asked = join(dir, "asked");
const askpass = join(dir, "askpass");
writeFileSync(askpass, `#!/bin/sh\necho "$1" >> '${asked}'\necho yes\n`);
chmodSync(askpass, 0o755);
afterEach(() => void (vi.unstubAllEnvs(), configure({ trace: undefined })));

// A display and an askpass program, as on a desktop: ssh would run it for a question it cannot ask on a terminal.
function withAskpass(): void {
  vi.stubEnv("DISPLAY", ":0");
  vi.stubEnv("SSH_ASKPASS", askpass);
  vi.stubEnv("SSH_ASKPASS_REQUIRE", "");
}

function askHost(knownHosts: string, transport: Transport, extra: readonly string[] = []) {
  const sshOptions = ["-F", "/dev/null", "-o", "IdentitiesOnly=yes", "-o", `UserKnownHostsFile=${knownHosts}`];
  return fleet.host({ transport, sshOptions: [...sshOptions, "-o", "StrictHostKeyChecking=ask", ...extra] });
}

describe("StrictHostKeyChecking ask, with an askpass program", () => {
  it("goes through ssh, which asks to accept an unknown key and connects; native once the key is known", async () => {
    withAskpass();
    const knownHosts = join(dir, "known_hosts");
    const lines: string[] = [];
    configure({ trace: (line) => lines.push(line) });
    expect((await askHost(knownHosts, "auto").run("echo ok", pipe)).stdout).toBe("ok\n");
    expect(readFileSync(asked, "utf8")).toMatch(/authenticity of host .* can't be established/);
    const { addresses, port } = fleet.sandbox;
    expect(lines.join("\n")).toContain(
      `transport openssh (stricthostkeychecking ask (ssh asks SSH_ASKPASS whether to accept ` +
        `[${addresses[0]}]:${port}'s key, which no known_hosts holds))`,
    );
    // ssh added the key it was told to accept: nothing is left to ask.
    lines.length = 0;
    expect((await askHost(knownHosts, "auto", ["-o", "ConnectTimeout=20"]).run("echo ok", pipe)).stdout).toBe("ok\n");
    expect(lines.join("\n")).toMatch(/transport native/);
  });

  it("is native where ssh asks nothing: in batch mode, or with no askpass program to run", async () => {
    const knownHosts = join(dir, "none-known");
    const choice = async (extra: readonly string[]) => {
      const { addresses, port } = fleet.sandbox;
      const argv = [...askHost(knownHosts, "auto", extra).sshOptions, "-p", String(port)];
      return (await chooseTransport("auto", addresses[0]!, argv, false)).transport;
    };
    withAskpass();
    expect(await choice(["-o", "BatchMode=yes"])).toBe("native");
    vi.stubEnv("SSH_ASKPASS_REQUIRE", "never");
    expect(await choice(["-o", "ServerAliveInterval=7"])).toBe("native");
    expect(existsSync(knownHosts)).toBe(false);
  });
});
