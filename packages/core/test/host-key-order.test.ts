import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { configure } from "../src/settings.ts";
import { algorithmsFor } from "../src/ssh/native/algorithms.ts";
import type { Hop } from "../src/ssh/native/hop.ts";
import { hostKeyOrder } from "../src/ssh/native/host-key-check.ts";
import { loadSsh2 } from "../src/ssh/native/ssh2.ts";
import { resolveSsh } from "../src/ssh/resolve/resolve.ts";
import type { Transport } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";

// The host key algorithm ssh asks for, and so the key it checks and learns: its order for a host (order_hostkeyalgs)
// against the ssh binary's own, a certificate on first contact, and a known key of ssh's most preferred type.
const dir = mkdtempSync(join(tmpdir(), "dk-host-key-order-"));
const keygen = (name: string, type: string) =>
  execFileSync("ssh-keygen", ["-q", "-N", "", "-C", "", "-t", type, "-f", join(dir, name)], { stdio: "ignore" });
for (const [name, type] of [
  ["rsa", "rsa"],
  ["ecdsa", "ecdsa"],
  ["ca", "ed25519"],
  ["other", "ed25519"],
]) {
  keygen(name!, type!);
}
execFileSync("ssh-keygen", ["-q", "-s", join(dir, "ca"), "-I", "host", "-h", "-n", "127.0.0.2", join(dir, "rsa.pub")]);
const pub = (name: string) =>
  readFileSync(join(dir, `${name}.pub`), "utf8")
    .split(" ")
    .slice(0, 2)
    .join(" ");

// The sandbox's ed25519 key and an RSA key with a certificate; and one offering only its ECDSA and RSA keys.
const certified = useFleet({
  hosts: 1,
  sshdConfig: [`HostKey ${join(dir, "rsa")}`, `HostCertificate ${join(dir, "rsa-cert.pub")}`],
});
const ecdsaRsa = useFleet({
  hosts: 1,
  sshdConfig: [
    `HostKey ${join(dir, "ecdsa")}`,
    `HostKey ${join(dir, "rsa")}`,
    "HostKeyAlgorithms ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256",
  ],
});
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;
afterEach(() => void configure({ trace: undefined }));

// A known_hosts file holding `keys` for the fleet's host (`[127.0.0.2]:port`, or `name`), and options that use it.
function knownHosts(fleet: typeof certified, keys: readonly string[], name?: string) {
  const file = join(mkdtempSync(join(dir, "kh-")), "known_hosts");
  const host = name ?? `[${fleet.sandbox.addresses[0]}]:${fleet.sandbox.port}`;
  writeFileSync(file, keys.map((key) => `${host} ${pub(key)}\n`).join(""));
  return { file, sshOptions: [...fleet.sandbox.hostOptions.sshOptions, "-o", `UserKnownHostsFile=${file}`] };
}

describe("host key algorithms as ssh offers them", () => {
  it.each([
    [[], []],
    [["rsa"], []],
    [["ecdsa"], []],
    [["other", "rsa"], []],
    [["other", "rsa"], ["HostKeyAlgorithms=-ssh-ed25519"]],
    [["ecdsa"], ["HostKeyAlgorithms=^rsa-sha2-256"]],
    [["rsa"], ["HostKeyAlgorithms=+ssh-rsa", "HostKeyAlias=alias"], "alias"],
  ])("known %j, %j: the order of ssh's own proposal", (keys, options, name?: string) => {
    const { sandbox } = ecdsaRsa;
    const { sshOptions } = knownHosts(ecdsaRsa, keys, name);
    const args = [...sshOptions, ...options.flatMap((o) => ["-o", o]), "-p", String(sandbox.port)];
    const resolved = resolveSsh(sandbox.addresses[0]!, args);
    const algorithms = algorithmsFor(resolved, loadSsh2());
    if ("openssh" in algorithms) throw new Error(algorithms.openssh);
    const hop = { resolved, algorithms } as Hop;
    const ssh = spawnSync(
      "ssh",
      ["-vvv", "-i", sandbox.key, "-o", "BatchMode=yes", ...args, sandbox.addresses[0]!, "true"],
      {
        encoding: "utf8",
        timeout: 30_000,
      },
    );
    const proposed = /debug2: host key algorithms: (\S+)/.exec(ssh.stderr)?.[1]?.split(",");
    expect(hostKeyOrder(hop, algorithms.asSsh!.lists.serverHostKey)).toEqual(proposed);
    // Native's own list is ssh's, less what ssh2 lacks.
    expect(hostKeyOrder(hop, algorithms.serverHostKey.list)).toEqual(
      proposed!.filter((name) => algorithms.serverHostKey.list.includes(name as never)),
    );
  });

  it("a known key of ssh's first type keeps ssh's order: the ECDSA key sent is refused as changed", async () => {
    const { sshOptions } = knownHosts(ecdsaRsa, ["other", "rsa"]);
    const said = async (transport: Transport) => {
      const error = await ecdsaRsa
        .host({ hostKeyCheck: "strict", sshOptions, transport })
        .run("true", pipe)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CommandError);
      return String((error as CommandError).stderr)
        .split(/\r?\n/)
        .filter((l) => /IDENTIFICATION|ECDSA key sent/.test(l));
    };
    const ssh = await said("openssh");
    expect(ssh).toHaveLength(2);
    expect(await said("native")).toEqual(ssh);
    expect(await said("auto")).toEqual(ssh);
  });

  it("a host whose RSA key has a certificate goes through ssh on first contact, which learns its RSA key", async () => {
    const lines: string[] = [];
    configure({ trace: (line) => lines.push(line) });
    const { file, sshOptions } = knownHosts(certified, []);
    const ran = await certified.host({ hostKeyCheck: "tofu", sshOptions, transport: "auto" }).run("echo ran", pipe);
    expect(ran.stdout).toBe("ran\n");
    expect(lines.at(-1)).toContain(
      "transport openssh (HostKeyAlgorithms: ssh would take rsa-sha2-512-cert-v01@openssh.com, which native lacks)",
    );
    const { addresses, port } = certified.sandbox;
    expect(readFileSync(file, "utf8")).toBe(`[${addresses[0]}]:${port} ${pub("rsa")}\n`);
    const strict = await certified
      .host({ hostKeyCheck: "strict", sshOptions, transport: "openssh" })
      .run("echo ok", pipe);
    expect(strict.stdout).toBe("ok\n");
  });
});
