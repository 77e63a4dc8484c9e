import { createServer, type Server, type Socket } from "node:net";
import { waitUntil } from "@deploykit/sandbox";
import { afterEach, describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { useFleet } from "./helpers/fleet.ts";

// A jump host that takes the connection and never speaks: ssh's ConnectTimeout bounds the wait for the host's
// identification over its ProxyJump command, and so, reaching the jump host too, the whole way there.
const fleet = useFleet({ hosts: 1 });
const servers: Server[] = [];
const taken: Socket[] = [];
afterEach(() => {
  for (const socket of taken.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) server.close();
});

async function silentJumpHost(): Promise<number> {
  // Read, so that the client's end is seen.
  const server = createServer((socket) => void taken.push(socket.on("error", () => {}).resume()));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

describe("a silent jump host", () => {
  it.each(["openssh", "native"] as const)("fails the host at its ConnectTimeout, over %s", async (transport) => {
    const port = await silentJumpHost();
    const sshOptions = ["-F", "/dev/null", "-o", "ConnectTimeout=2", "-J", `nobody@127.0.0.1:${port}`];
    const started = Date.now();
    // The run's own timeout only bounds the test: the connection must give up well before it.
    const error = await fleet
      .host({ transport, sshOptions })
      .run("true", { echo: false, stdout: "pipe", stderr: "pipe", timeout: 30_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).timedOut).toBe(false);
    expect((error as CommandError).stderr).toMatch(/^Connection timed out during banner exchange$/m);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(taken.length).toBe(1);
    await waitUntil(() => taken.every((socket) => socket.closed), "the jump host's connection to close", 10_000);
  });
});
