import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";

/**
 * A stand-in ssh agent of the test file's own, as SSH_AUTH_SOCK during its tests: a socket whose connections go to
 * `serve` (given the SSH_AUTH_SOCK that was set before, for a proxy to a real agent). Every connection, and any the
 * test adds to `held`, is destroyed after the tests, and the socket removed.
 */
export function useFakeAgent(serve: (connection: Socket, before: string | undefined) => void): {
  readonly held: Socket[];
} {
  const dir = mkdtempSync(join(tmpdir(), "dk-fake-agent-"));
  const held: Socket[] = [];
  const before = process.env.SSH_AUTH_SOCK;
  let server: Server;
  beforeAll(async () => {
    const previous = process.env.SSH_AUTH_SOCK;
    server = createServer((connection) => {
      held.push(connection);
      connection.on("error", () => {});
      serve(connection, previous);
    });
    const socket = join(dir, "agent.sock");
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    process.env.SSH_AUTH_SOCK = socket;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.SSH_AUTH_SOCK;
    else process.env.SSH_AUTH_SOCK = before;
    for (const connection of held) connection.destroy();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { held };
}

/**
 * Calls `each` with every whole agent message `connection` receives (its 4-byte length, then its body; the type at
 * index 4): ssh writes a message's length and its body apart, and a busy reader may get them in separate chunks.
 */
export function eachMessage(connection: Socket, each: (message: Buffer) => void): void {
  let pending = Buffer.alloc(0);
  connection.on("data", (data: Buffer) => {
    pending = Buffer.concat([pending, data]);
    while (pending.length >= 4 && pending.length >= 4 + pending.readUInt32BE(0)) {
      const message = pending.subarray(0, 4 + pending.readUInt32BE(0));
      pending = pending.subarray(message.length);
      each(message);
    }
  });
}
