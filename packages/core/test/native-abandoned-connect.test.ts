import { createServer, type Server, type Socket } from "node:net";
import { waitUntil } from "@deploykit/sandbox";
import { afterEach, describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { Host } from "../src/host.ts";
import { connection } from "../src/ssh/native/pool.ts";
import { resolveSsh } from "../src/ssh/resolve/resolve.ts";
import { keylessHop } from "./helpers/keyless-hop.ts";

// A server on loopback that takes connections and sends `greeting` (nothing when empty), then nothing more.
const servers: Server[] = [];
const taken: Socket[] = [];
afterEach(() => {
  for (const socket of taken.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) server.close();
});
async function silentServer(greeting: string): Promise<number> {
  const server = createServer((socket) => {
    taken.push(socket);
    // Read, so that the client's end is seen.
    socket.on("error", () => {}).resume();
    if (greeting !== "") socket.write(greeting);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

// Far longer than the test waits: only the stop may end the connection.
const patient = ["-F", "/dev/null", "-o", "ConnectTimeout=60", "-o", "ServerAliveInterval=30"];
const quiet = { echo: false, stdout: "pipe", stderr: "pipe" } as const;

describe("native, a run stopped while its connection is being made", () => {
  it.each([
    ["before the server's greeting", ""],
    ["during the key exchange", "SSH-2.0-OpenSSH_9.2\r\n"],
  ])("gives the connection up %s: nothing of it is left open", async (_when, greeting) => {
    const port = await silentServer(greeting);
    const host = new Host("127.0.0.1", { port, transport: "native", hostKeyCheck: "none", sshOptions: patient });
    const error = await host.run("true", { ...quiet, timeout: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).timedOut).toBe(true);
    expect(taken.length).toBe(1);
    // Left open, it would hold the process up until ConnectTimeout or the packet timeout (a minute).
    await waitUntil(
      () => taken.every((socket) => socket.closed),
      "the server's side to see the connection close",
      10_000,
    );
  });

  it("keeps it for another command that still waits for it, and gives it up when that one stops", async () => {
    const port = await silentServer("");
    const host = new Host("127.0.0.1", { port, transport: "native", hostKeyCheck: "none", sshOptions: patient });
    const later = new AbortController();
    const second = host.run("true", { ...quiet, signal: later.signal }).catch((e: unknown) => e);
    expect(await host.run("true", { ...quiet, timeout: 1000 }).catch((e: unknown) => e)).toBeInstanceOf(CommandError);
    // One connection for both, still open for the second.
    expect(taken.length).toBe(1);
    expect(taken[0]!.closed).toBe(false);
    later.abort();
    expect(await second).toBeInstanceOf(CommandError);
    await waitUntil(() => taken[0]!.closed, "the server's side to see the connection close", 10_000);
  });

  it("opens a new one for a command that comes once the last one waiting stopped", async () => {
    const port = await silentServer("");
    const chain = [keylessHop(resolveSsh("127.0.0.1", [...patient, "-p", String(port)]))];
    const first = new AbortController();
    const stopped = connection(chain, false, first.signal);
    await waitUntil(() => taken.length === 1, "the first connection to arrive", 10_000);
    first.abort();
    // At once, before the connection given up is gone: it must not be handed over.
    const second = new AbortController();
    const next = connection(chain, false, second.signal).catch((e: unknown) => e);
    expect(await stopped).toBeUndefined();
    await waitUntil(() => taken.length === 2, "a second connection", 10_000);
    second.abort();
    expect(await next).toBeUndefined();
    await waitUntil(() => taken.every((socket) => socket.closed), "both connections to close", 10_000);
  });

  it("is given up at once by host.closeConnection(), its command told so", async () => {
    const port = await silentServer("");
    const host = new Host("127.0.0.1", { port, transport: "native", hostKeyCheck: "none", sshOptions: patient });
    const run = host.run("true", quiet).catch((e: unknown) => e);
    await waitUntil(() => taken.length === 1, "the connection to arrive", 10_000);
    const started = Date.now();
    await host.closeConnection();
    // Not at ConnectTimeout (a minute): there is nothing to wait for.
    expect(Date.now() - started).toBeLessThan(5000);
    const error = await run;
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).stderr).toMatch(/closed by this process \(host\.closeConnection\(\)\)/);
    await waitUntil(() => taken.every((socket) => socket.closed), "the connection to close", 10_000);
  });
});
