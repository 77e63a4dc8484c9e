import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { Host } from "../src/host.ts";
import { configure } from "../src/settings.ts";
import type { Transport } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";
import { keygen } from "./helpers/keygen.ts";
import { useSsh2Server } from "./helpers/ssh2-server.ts";

// Auto against servers whose lists differ from OpenSSH's defaults, with a configuration that sets none or modifies
// ssh's defaults: where ssh connects with what native lacks, the host goes through ssh; where ssh finds nothing in
// common, native refuses in ssh's words; a default server stays native (curve25519 for ssh's sntrup761x25519).
const sntrupOnly = useFleet({ hosts: 1, sshdConfig: ["KexAlgorithms sntrup761x25519-sha512@openssh.com"] });
const umacOnly = useFleet({
  hosts: 1,
  sshdConfig: ["Ciphers aes128-ctr", "MACs umac-64-etm@openssh.com,umac-128@openssh.com"],
});
const plain = useFleet({ hosts: 1 });
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;
afterEach(() => void configure({ trace: undefined }));

// Runs `echo ran` on the fleet's host with `options`: its output and the transport lines traced.
async function run(fleet: typeof plain, options: readonly string[], transport: Transport = "auto") {
  const lines: string[] = [];
  configure({ trace: (line) => lines.push(line) });
  const sshOptions = [...fleet.sandbox.hostOptions.sshOptions, ...options.flatMap((o) => ["-o", o])];
  const { stdout } = await fleet.host({ sshOptions, transport }).run("echo ran", pipe);
  return { stdout, trace: lines.filter((line) => line.includes("transport")) };
}

describe("auto with ssh's own lists", () => {
  it.each([
    [[]],
    [["KexAlgorithms=+diffie-hellman-group14-sha1"]],
    [["KexAlgorithms=^curve25519-sha256"]],
    [["KexAlgorithms=-ecdh*"]],
  ])("%j: a server of sntrup761x25519 alone goes through ssh, which connects", async (options) => {
    const { stdout, trace } = await run(sntrupOnly, options);
    expect(stdout).toBe("ran\n");
    // Chosen native, then handed to ssh at the key exchange, before the command.
    expect(trace).toEqual([
      expect.stringMatching(/transport native$/),
      expect.stringContaining(
        "transport openssh (KexAlgorithms: ssh would take sntrup761x25519-sha512@openssh.com, which native lacks)",
      ),
    ]);
  });

  it("a server of umac MACs alone goes through ssh, which connects", async () => {
    const { stdout, trace } = await run(umacOnly, []);
    expect(stdout).toBe("ran\n");
    expect(trace).toEqual([
      expect.stringMatching(/transport native$/),
      expect.stringContaining(
        "transport openssh (MACs: ssh would take umac-64-etm@openssh.com (C->S), which native lacks)",
      ),
    ]);
  });

  it("a default OpenSSH server stays native, with or without modifiers", async () => {
    for (const options of [[], ["KexAlgorithms=+diffie-hellman-group14-sha1"], ["MACs=-umac*"]]) {
      const { stdout, trace } = await run(plain, options);
      expect(stdout).toBe("ran\n");
      expect(trace).toEqual([expect.stringMatching(/transport native$/)]);
    }
  });
});

// An ssh2 server offering diffie-hellman-group15-sha512 alone, which ssh does not propose.
const dir = mkdtempSync(join(tmpdir(), "dk-kex-group15-"));
const hostKey = keygen(join(dir, "host"), ["-t", "ed25519"]);
const listening = useSsh2Server(
  { hostKeys: [hostKey.file], algorithms: { kex: ["diffie-hellman-group15-sha512"] } },
  (client) => void client.on("error", () => {}),
);

describe("a server of a key exchange ssh does not propose", () => {
  it("is refused on every transport, in ssh's words", async () => {
    const port = await listening;
    const failure = async (transport: Transport) => {
      const sshOptions = ["-F", "/dev/null", "-o", "IdentityAgent=none"];
      const host = new Host("127.0.0.1", { port, key: plain.sandbox.key, hostKeyCheck: "none", transport, sshOptions });
      const error = await host.run("true", pipe).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CommandError);
      return String((error as CommandError).stderr)
        .split(/\r?\n/)
        .find((l) => l.startsWith("Unable to negotiate"));
    };
    const ssh = await failure("openssh");
    expect(ssh).toMatch(/^Unable to negotiate with 127\.0\.0\.1 port \d+: no matching key exchange method found\. /);
    expect(await failure("native")).toBe(ssh);
    expect(await failure("auto")).toBe(ssh);
  });
});
