import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { CommandError } from "../src/errors.ts";
import type { HostOptions } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";
import { useAgent } from "./helpers/agent.ts";
import { keygen } from "./helpers/keygen.ts";

// Host keys as ssh keeps them, on both transports: UpdateHostKeys learns a server's other keys (proven by the server)
// and drops those it no longer has; a key of another type than the one known is a changed key, refused as ssh refuses
// it, or under StrictHostKeyChecking no taken with what ssh then turns off, each said in ssh's words.
const dir = mkdtempSync(join(tmpdir(), "dk-host-key-update-"));
const rsa = keygen(join(dir, "host_rsa"), ["-t", "rsa", "-b", "2048"]).blob;
const ecdsa = keygen(join(dir, "host_ecdsa"), ["-t", "ecdsa"]).blob;
const stale = keygen(join(dir, "stale_rsa"), ["-t", "rsa", "-b", "2048"]).blob;
// An Ed25519 key that is not the host's, for an entry that no longer matches.
const otherEd25519 = keygen(join(dir, "other_ed25519"), ["-t", "ed25519"]).blob;
const fleet = useFleet({
  hosts: 1,
  sshdConfig: [`HostKey ${join(dir, "host_rsa")}`, `HostKey ${join(dir, "host_ecdsa")}`],
});
// An agent (of no keys) that a session would get, were it forwarded.
useAgent(() => {});
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;

const name = () => `[${fleet.sandbox.addresses[0]}]:${fleet.sandbox.port}`;
const line = (type: string, blob: Buffer, host = name()) => `${host} ${type} ${blob.toString("base64")}\n`;
// The host's Ed25519 key (the sandbox's own), as ssh-keyscan prints it.
function ed25519(): string {
  const { port, addresses } = fleet.sandbox;
  const args = ["-t", "ed25519", "-p", String(port), addresses[0]!];
  return execFileSync("ssh-keyscan", args, { encoding: "utf8", timeout: 20_000, stdio: ["ignore", "pipe", "ignore"] });
}

// A known_hosts file of the test's own holding `text`, and options that use it (`extra` on top).
function knownHosts(text: string, extra: readonly string[] = []): { file: string; options: HostOptions } {
  const file = join(mkdtempSync(join(dir, "kh-")), "known_hosts");
  writeFileSync(file, text);
  const sshOptions = ["-F", "/dev/null", "-o", "IdentitiesOnly=yes", "-o", `UserKnownHostsFile=${file}`, ...extra];
  return { file, options: { hostKeyCheck: "strict", sshOptions } };
}

// Runs a command that waits (at most `tries` tenths of a second) until `file` holds `text`: the update comes from the
// server's answer while the session is open, on both transports. Returns the file then.
async function runUntil(options: HostOptions, file: string, text: string, tries = 200): Promise<string> {
  const wait = `for i in $(seq ${tries}); do grep -qF '${text}' '${file}' && break; sleep 0.1; done`;
  const host = fleet.host(options);
  try {
    await host.run(wait, pipe);
  } finally {
    await host.closeConnection();
  }
  return readFileSync(file, "utf8");
}

describe("UpdateHostKeys", () => {
  it("learns the server's other keys, proven, as ssh writes them; ssh then accepts them", async () => {
    const first = ed25519();
    const { file, options } = knownHosts(first, ["-o", "UpdateHostKeys=yes"]);
    const after = await runUntil(options, file, ecdsa.toString("base64"));
    expect(after).toBe(first + line("ssh-rsa", rsa) + line("ecdsa-sha2-nistp256", ecdsa));
    expect(readFileSync(`${file}.old`, "utf8")).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The learned RSA key is the server's: a strict login that may only use it gets in.
    const rsaOnly = { ...options, sshOptions: [...options.sshOptions!, "-o", "HostKeyAlgorithms=rsa-sha2-512"] };
    expect((await fleet.host({ ...rsaOnly, transport: "openssh" }).run("echo in", pipe)).stdout).toBe("in\n");
  });

  it("drops the name's keys the server no longer has, and keeps comments and other hosts", async () => {
    const other = line("ssh-ed25519", otherEd25519, "other.example");
    const { file, options } = knownHosts(`# mine\n${other}${line("ssh-rsa", stale)}${ed25519()}`, [
      "-o",
      "UpdateHostKeys=yes",
    ]);
    const after = await runUntil(options, file, ecdsa.toString("base64"));
    expect(after).toBe(`# mine\n${other}${ed25519()}${line("ssh-rsa", rsa)}${line("ecdsa-sha2-nistp256", ecdsa)}`);
  });

  it.each([
    ["UpdateHostKeys no", ["-o", "UpdateHostKeys=no"], ""],
    ["another UserKnownHostsFile and no UpdateHostKeys", [], ""],
    ["a wildcard entry for the host", ["-o", "UpdateHostKeys=yes"], "wildcard"],
    ["a key to drop that another name also has", ["-o", "UpdateHostKeys=yes"], "elsewhere"],
  ])("leaves known_hosts as it is under %s", async (_name, extra, kind) => {
    const known =
      kind === "wildcard"
        ? ed25519().replace(/^\[[^\]]+\]/, "[127.0.0.*]")
        : kind === "elsewhere"
          ? `${line("ssh-rsa", stale, "other.example")}${line("ssh-rsa", stale)}${ed25519()}`
          : ed25519();
    const { file, options } = knownHosts(known, extra);
    expect(await runUntil(options, file, ecdsa.toString("base64"), 20)).toBe(known);
    expect(existsSync(`${file}.old`)).toBe(false);
  });
});

// What ssh itself prints on stderr for a login to the host with `sshOptions` (and -A for `agent`), run as dk runs it.
function sshSays(sshOptions: readonly string[], agent = false): string {
  const { sandbox } = fleet;
  // As dk's ssh: no password prompts (it has no terminal to ask on), which also drops ssh's line saying so.
  const args = [
    ...sshOptions,
    "-o",
    "StrictHostKeyChecking=accept-new",
    "-o",
    "PasswordAuthentication=no",
    "-i",
    sandbox.key,
    "-p",
    String(sandbox.port),
  ];
  const login = [...(agent ? ["-A"] : []), "-l", sandbox.user, "--", sandbox.addresses[0]!, "true"];
  return spawnSync("ssh", [...args, ...login], { encoding: "utf8", timeout: 20_000 }).stderr;
}

// stderr as both transports print it: ssh ends its lines with CR LF, and Debian's ssh adds how to remove the entry.
const plain = (stderr: string) => stderr.replace(/\r\n/g, "\n").replace(/ {2}remove with:\n {2}ssh-keygen -f .*\n/, "");

describe("a changed host key", () => {
  it("is a key of another type than the known one: refused under tofu, in ssh's words", async () => {
    const known = `# first\n${line("ssh-rsa", stale)}`;
    const { file, options } = knownHosts(known, ["-o", "HostKeyAlgorithms=ssh-ed25519"]);
    const error = await fleet
      .host({ ...options, hostKeyCheck: "tofu" })
      .run("echo ran", pipe)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    const { stdout, stderr } = error as CommandError;
    expect(stdout).toBe("");
    expect(plain(stderr)).toMatch(
      /^@+\n@ +WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!.*\nHost key verification failed\.\n$/s,
    );
    expect(plain(stderr)).toContain(`Offending RSA key in ${file}:2\n`);
    expect(plain(stderr)).toBe(plain(sshSays(options.sshOptions!)));
    expect(readFileSync(file, "utf8")).toBe(known);
  });

  it("is taken under StrictHostKeyChecking no, with what ssh turns off said and no agent forwarded", async () => {
    const { file, options } = knownHosts(`# first\n${line("ssh-ed25519", otherEd25519)}`, [
      "-o",
      "StrictHostKeyChecking=no",
      "-o",
      "UpdateHostKeys=yes",
      "-o",
      "HostKeyAlgorithms=ssh-ed25519",
    ]);
    const host = fleet.host({ ...options, hostKeyCheck: "tofu", forwardAgent: true });
    // Where no askpass program would run: dk's ssh then asks for no passwords.
    vi.stubEnv("DISPLAY", "");
    vi.stubEnv("SSH_ASKPASS_REQUIRE", "");
    try {
      const r = await host.run('echo "[${SSH_AUTH_SOCK:-}]"', pipe);
      expect(r.stdout).toBe("[]\n");
      expect(plain(r.stderr)).toContain(
        `Offending ED25519 key in ${file}:2\nKeyboard-interactive authentication is disabled`,
      );
      expect(plain(r.stderr)).toMatch(/\nUpdateHostkeys is disabled because the host key is not trusted\.\n$/);
      expect(plain(r.stderr)).toBe(plain(sshSays(options.sshOptions!, true)));
    } finally {
      vi.unstubAllEnvs();
      await host.closeConnection();
    }
  });
});
