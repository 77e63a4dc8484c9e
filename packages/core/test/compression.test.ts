import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Host } from "../src/host.ts";
import type { Transport } from "../src/types.ts";
import { keygen } from "./helpers/keygen.ts";
import { useSsh2Server } from "./helpers/ssh2-server.ts";

// Compression as ssh proposes it (zlib@openssh.com first under Compression yes, none first without), against a server
// that takes any (ssh2's, whose debug lines say what each connection negotiated: sshd logs it only at DEBUG preauth).
const dir = mkdtempSync(join(tmpdir(), "dk-compression-"));
const hostKey = keygen(join(dir, "host"), ["-t", "ed25519"]);
keygen(join(dir, "id"), ["-t", "ed25519"]);
const chosen: string[] = [];
const listening = useSsh2Server(
  {
    hostKeys: [hostKey.file],
    // Each line starts with the connection's `[time] `.
    debug: (line) =>
      void /Handshake: C->S compression: (\S+)$/
        .exec(line)
        ?.slice(1)
        .forEach((c) => chosen.push(c)),
  },
  (client) => {
    client.on("error", () => {});
    client.on("authentication", (ctx) => (ctx.method === "publickey" ? ctx.accept() : ctx.reject(["publickey"])));
    client.on("session", (accept) =>
      accept().on("exec", (ok) => {
        const channel = ok();
        channel.write("ran\n");
        channel.exit(0);
        channel.end();
      }),
    );
  },
);

// The compression the server negotiated for one command with `options` (each case a configuration of its own: native
// keeps a connection for the next command of the same one).
async function negotiated(transport: Transport, options: readonly string[]): Promise<string | undefined> {
  const port = await listening;
  const sshOptions = ["-F", "/dev/null", "-o", "IdentityAgent=none", ...options.flatMap((o) => ["-o", o])];
  const host = new Host("127.0.0.1", { port, key: join(dir, "id"), hostKeyCheck: "none", transport, sshOptions });
  chosen.length = 0;
  expect((await host.run("true", { stdout: "pipe", stderr: "pipe", echo: false })).stdout).toBe("ran\n");
  return chosen[0];
}

describe("compression", () => {
  it.each([
    [["Compression=no"], "none"],
    [["Compression=yes"], "zlib@openssh.com"],
  ])("%j negotiates %s on both transports", async (options, expected) => {
    expect(await negotiated("openssh", options)).toBe(expected);
    expect(await negotiated("native", options)).toBe(expected);
  });
});
