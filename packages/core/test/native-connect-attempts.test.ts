import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { connectHop } from "../src/ssh/native/connect.ts";
import { ConnectFailure } from "../src/ssh/native/failure.ts";
import { tcp } from "../src/ssh/native/tcp.ts";
import { bannerDeadline } from "../src/ssh/native/tcp-attempts.ts";
import { resolveSsh } from "../src/ssh/resolve/resolve.ts";
import { keylessHop } from "./helpers/keyless-hop.ts";
import { useListeners } from "./helpers/listeners.ts";

// ConnectionAttempts and ConnectTimeout as ssh applies them (ssh_connect_direct): each attempt a second after the last
// failed one, each with a ConnectTimeout of its own; the server's banner gets what the connection left of it.
const listen = useListeners();
const at = (port: number, ...options: string[]) =>
  resolveSsh("127.0.0.1", ["-F", "none", "-p", String(port), ...options.flatMap((o) => ["-o", o])]);

// A port nothing listens on (a listener's, closed).
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((closed) => server.close(closed));
  return port;
}

describe("ConnectionAttempts", () => {
  it("fails after the last attempt, a second after the one before, in ssh's words", async () => {
    const port = await closedPort();
    const started = Date.now();
    await expect(tcp(at(port, "ConnectionAttempts=2"))).rejects.toThrow(
      new ConnectFailure(`ssh: connect to host 127.0.0.1 port ${port}: Connection refused`),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it("reaches a host that listens by the next attempt, whose ConnectTimeout starts anew", async () => {
    const port = await closedPort();
    const started = Date.now();
    const connecting = tcp(at(port, "ConnectionAttempts=3", "ConnectTimeout=7"));
    // The first attempt is refused at once; the next comes a second later.
    await new Promise((r) => setTimeout(r, 300));
    const server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    try {
      const socket = await connecting;
      socket.destroy();
      // Anchored at the attempt that got through: a second or more after the first.
      expect(bannerDeadline(socket)).toBeGreaterThanOrEqual(started + 1000 + 7000);
    } finally {
      server.close();
    }
  });
});

describe("ConnectTimeout", () => {
  it("bounds the connection and the banner together: a banner already due fails at once", async () => {
    const { port } = await listen();
    const resolved = at(port, "ConnectTimeout=4");
    const socket = await tcp(resolved);
    const deadline = bannerDeadline(socket)!;
    await new Promise((r) => setTimeout(r, Math.max(deadline - Date.now(), 0) + 50));
    const started = Date.now();
    await expect(connectHop(keylessHop(resolved), socket)).rejects.toThrow(
      /^Connection to 127.0.0.1 port \d+ timed out/,
    );
    // A ConnectTimeout of its own would have taken 4 s more.
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
