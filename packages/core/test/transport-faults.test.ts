import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { Host } from "../src/host.ts";
import { TransportError } from "../src/ssh/transport-error.ts";
import type { HostKeyCheck, Transport } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";
import { keygen } from "./helpers/keygen.ts";
import { useListeners } from "./helpers/listeners.ts";
import { marker, waitGone } from "./helpers/processes.ts";
import { rejection } from "./helpers/rejection.ts";

// The faults a login can meet, over each transport side by side: each fails in the same words as over ssh, within its
// bound, and leaves neither a process nor an open connection behind.
const fleet = useFleet({ hosts: 1 });
// A host that offers only a cipher ssh no longer allows by default.
const oldCiphers = useFleet({ hosts: 1, sshdConfig: ["Ciphers aes256-cbc"] });
const listen = useListeners();
const dir = mkdtempSync(join(tmpdir(), "dk-faults-"));
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;
// auto too, which takes each of these hosts natively (nothing in their configuration is ssh's alone).
const TRANSPORTS = ["openssh", "native", "auto"] as const;

type Target = { readonly address: string; readonly port: number; readonly key?: string; readonly check?: HostKeyCheck };

// A host of its own per transport and test (a host's transport is chosen once), marked so its ssh can be found.
function hostOf(transport: Transport, target: Target, extra: readonly string[]): { host: Host; mark: string } {
  const mark = marker(`fault-${transport}`);
  const sshOptions = ["-F", "/dev/null", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", ...extra];
  const host = new Host(target.address, {
    user: fleet.sandbox.user,
    port: target.port,
    key: target.key ?? fleet.sandbox.key,
    hostKeyCheck: target.check ?? "none",
    transport,
    reuseConnection: false,
    sshOptions: [...sshOptions, "-o", `SetEnv=DK_MARK=${mark}`],
  });
  return { host, mark };
}

// The failure over each transport, one after the other: its stderr and message, how long it took, and what it left
// running (ssh processes, and this process's connections, given up to 5 s to close).
async function failures(target: Target, extra: readonly string[] = []) {
  const results = [];
  for (const transport of TRANSPORTS) {
    const { host, mark } = hostOf(transport, target, extra);
    const sockets = openSockets();
    const started = Date.now();
    const error = await rejection(host.run("echo ran", pipe), CommandError);
    const ms = Date.now() - started;
    const left = await waitGone(mark, 5000);
    for (let i = 0; i < 100 && openSockets() > sockets; i++) await new Promise((r) => setTimeout(r, 50));
    results.push({ transport, error, ms, left, sockets: openSockets() - sockets });
  }
  return results;
}

// TCP connections this process holds: a native connection left open would show here.
function openSockets(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === "TCPSocketWrap").length;
}

function expectSame(results: Awaited<ReturnType<typeof failures>>, words: RegExp): void {
  for (const r of results) {
    expect(r.error.message, r.transport).toMatch(words);
    expect(r.error.message, r.transport).toBe(results[0]!.error.message);
    expect(r.left, r.transport).toEqual([]);
    expect(r.sockets, r.transport).toBeLessThanOrEqual(0);
  }
}

describe("faults of a login, over both transports", () => {
  const sandbox = () => ({ address: fleet.sandbox.addresses[0]!, port: fleet.sandbox.port });

  it("a key that needs a passphrase, with no agent: refused, naming the key and saying to ssh-add it", async () => {
    const locked = join(dir, "locked");
    keygen(locked, ["-t", "ed25519"], "secret words");
    const results = await failures({ ...sandbox(), key: locked }, ["-o", "BatchMode=yes"]);
    expectSame(results, new RegExp(`the key ${locked} needs a passphrase.*\\(\`ssh-add ${locked}\`\\)`));
  });

  it("a key of a type ssh no longer offers (DSA): refused as by ssh, the key passed by", async () => {
    const dsa = join(dir, "dsa");
    keygen(dsa, ["-t", "dsa"]);
    const results = await failures({ ...sandbox(), key: dsa }, ["-o", "BatchMode=yes"]);
    expectSame(results, /Permission denied \(publickey\): the host refused the login/);
  });

  it("a host that offers no cipher ssh allows: ssh's 'Unable to negotiate', with the host's offer", async () => {
    const target = { address: oldCiphers.sandbox.addresses[0]!, port: oldCiphers.sandbox.port };
    const results = await failures(target);
    expectSame(results, /Unable to negotiate with .* no matching cipher found\. Their offer: aes256-cbc/);
  });

  it("a host that takes the connection and never speaks: fails at ConnectTimeout", async () => {
    // It reads what comes (nothing ends its side of the connection but the client's).
    const { port } = await listen((socket) => void socket.resume());
    const results = await failures({ address: "127.0.0.1", port }, ["-o", "ConnectTimeout=2"]);
    expectSame(results, /Connection timed out during banner exchange/);
    // 2 s, and slack for a busy machine; a wait without a bound would run into the test's own.
    for (const r of results) expect(r.ms, r.transport).toBeGreaterThanOrEqual(1900);
    for (const r of results) expect(r.ms, r.transport).toBeLessThan(15_000);
  });

  it("a host whose key differs from known_hosts': refused in ssh's words, saying how to drop the old key", async () => {
    const other = join(dir, "other");
    keygen(other, ["-t", "ed25519"]);
    const knownHosts = join(dir, "known_hosts");
    const { addresses, port } = fleet.sandbox;
    const blob = readFileSync(`${other}.pub`, "utf8").split(" ").slice(0, 2).join(" ");
    writeFileSync(knownHosts, `[${addresses[0]}]:${port} ${blob}\n`);
    const results = await failures({ ...sandbox(), check: "strict" }, ["-o", `UserKnownHostsFile=${knownHosts}`]);
    expectSame(results, /REMOTE HOST IDENTIFICATION HAS CHANGED.*ssh-keygen -f .* -R/);
    // ssh's warning, whole, over each (ssh ends its lines with \r\n; Debian's adds how to remove the key, as the hint
    // does).
    const upstream = (text: string) => text.replace(/\r/g, "").replace(/^ {2}remove with:\n {2}ssh-keygen .*\n/m, "");
    for (const r of results.slice(1)) expect(r.error.stderr, r.transport).toBe(upstream(results[0]!.error.stderr));
    expect(readFileSync(knownHosts, "utf8")).toContain(blob);
  });

  it("a key in a format native cannot read (PKCS#8): auto leaves it to ssh, which logs in; native says", async () => {
    const pkcs8 = join(dir, "pkcs8");
    keygen(pkcs8, ["-t", "ecdsa", "-m", "PKCS8"]);
    appendFileSync(join(fleet.sandbox.dir, "authorized_keys"), readFileSync(`${pkcs8}.pub`));
    for (const transport of ["openssh", "auto"] as const) {
      const { host } = hostOf(transport, { ...sandbox(), key: pkcs8 }, []);
      expect((await host.run("echo ran", pipe)).stdout, transport).toBe("ran\n");
    }
    const { host } = hostOf("native", { ...sandbox(), key: pkcs8 }, []);
    const error = await rejection(host.run("echo ran", pipe), TransportError);
    expect(error.reason).toBe(
      `the native ssh transport cannot connect as ssh would (IdentityFile ${pkcs8}: Unsupported key format); ` +
        `use transport "auto" or "openssh" for this host (dk --transport, DEPLOYKIT_TRANSPORT)`,
    );
  });
});
