import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ssh2 from "ssh2";
import { afterAll, describe, expect, it } from "vitest";
import { Host } from "../src/host.ts";
import type { Transport } from "../src/types.ts";
import { keygen } from "./helpers/keygen.ts";

// The signature an RSA key logs in with where the server lists no SHA-2 signatures: one that sends no server-sig-algs
// (OpenSSH before 7.2, old Dropbear) and OpenSSH 7.4 (CentOS 7), which takes them and lists only key types. ssh signs
// with ssh-rsa only where PubkeyAcceptedAlgorithms names it, else skips the key; it counts 7.4 as listing both SHA-2
// names. Native must do the same, so each case runs on both transports. The servers are ssh2's, which can be both.
const dir = mkdtempSync(join(tmpdir(), "dk-rsa-old-"));
const user = keygen(join(dir, "id_rsa"), ["-t", "rsa", "-b", "2048"]);
const hostKey = keygen(join(dir, "host"), ["-t", "ed25519"]);
const userKey = ssh2.utils.parseKey(user.file) as ssh2.ParsedKey;
const servers: ssh2.Server[] = [];
const sockets = new Set<Socket>();
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((closed) => server.close(closed))));
});

// ssh2's server sends EXT_INFO whenever the client asks; this one keeps it from seeing the request.
function withoutExtInfo(client: ssh2.Connection): void {
  const protocol = (client as unknown as { _protocol: object })._protocol;
  let kex: object | undefined;
  Object.defineProperty(protocol, "_kex", {
    get: () => kex,
    set: (value: object | undefined) => {
      kex = value;
      if (value) Object.defineProperty(value, "remoteExtInfoEnabled", { get: () => false, set: () => {} });
    },
  });
}

// Runs an exec request's command with sh, as sshd would.
function execute(channel: ssh2.ServerChannel, command: string): void {
  const child = spawn("sh", ["-c", command], { stdio: "pipe" });
  channel.pipe(child.stdin);
  child.stdout.pipe(channel, { end: false });
  child.stderr.pipe(channel.stderr, { end: false });
  child.on("close", (code) => (channel.exit(code ?? 255), channel.end()));
}

// What an RSA signature is named by its hash (ssh2's server gives the key's type and the hash).
const SIGNATURE: Record<string, string> = { sha1: "ssh-rsa", sha256: "rsa-sha2-256", sha512: "rsa-sha2-512" };

/** A server taking the user's RSA key; `signed` gets each signature algorithm a login used. */
async function server(options: { ident?: string; extInfo: boolean }) {
  const signed: string[] = [];
  const config = { hostKeys: [hostKey.file], ...(options.ident && { ident: options.ident }) };
  const listening = new ssh2.Server(config, (client) => {
    if (!options.extInfo) withoutExtInfo(client);
    client.on("error", () => {});
    client.on("authentication", (ctx) => {
      if (ctx.method !== "publickey" || !ctx.key.data.equals(user.blob)) return ctx.reject(["publickey"]);
      if (ctx.signature === undefined) return ctx.accept();
      if (userKey.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) !== true) return ctx.reject(["publickey"]);
      signed.push(SIGNATURE[ctx.hashAlgo ?? "sha1"] ?? `unknown: ${ctx.hashAlgo}`);
      ctx.accept();
    });
    client.on("session", (accept) => accept().on("exec", (ok, _no, info) => execute(ok(), info.command)));
  });
  servers.push(listening);
  listening.on("connection", (client) => sockets.add((client as unknown as { _sock: Socket })._sock));
  await new Promise<void>((resolve) => listening.listen(0, "127.0.0.1", resolve));
  return { port: (listening.address() as AddressInfo).port, signed };
}

const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;

async function login(port: number, transport: Transport, accepted?: string): Promise<string> {
  const sshOptions = ["-F", "/dev/null", "-o", "IdentityAgent=none"];
  if (accepted !== undefined) sshOptions.push("-o", `PubkeyAcceptedAlgorithms=${accepted}`);
  const host = new Host("127.0.0.1", { port, key: join(dir, "id_rsa"), hostKeyCheck: "none", transport, sshOptions });
  try {
    return (await host.run("echo in", pipe)).stdout;
  } catch (error) {
    return (error as { stderr?: string }).stderr ?? String(error);
  } finally {
    await host.closeConnection();
  }
}

describe.each(["native", "openssh"] as const)("an RSA key against an old server (%s)", (transport) => {
  it("signs ssh-rsa only where PubkeyAcceptedAlgorithms names it, if the server sends no server-sig-algs", async () => {
    const { port, signed } = await server({ extInfo: false });
    expect(await login(port, transport)).toMatch(/Permission denied \(publickey\)/);
    expect(await login(port, transport, "+ssh-rsa")).toBe("in\n");
    expect(signed).toEqual(["ssh-rsa"]);
  });

  it("signs with the list's first SHA-2 name against OpenSSH 7.4, which lists neither", async () => {
    const { port, signed } = await server({ ident: "OpenSSH_7.4", extInfo: true });
    expect(await login(port, transport)).toBe("in\n");
    expect(await login(port, transport, "rsa-sha2-256,rsa-sha2-512")).toBe("in\n");
    expect(signed).toEqual(["rsa-sha2-512", "rsa-sha2-256"]);
  });
});
