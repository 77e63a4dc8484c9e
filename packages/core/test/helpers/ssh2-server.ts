import type { AddressInfo, Socket } from "node:net";
import ssh2, { type ServerConfig, type Connection } from "ssh2";
import { afterAll } from "vitest";

/**
 * An ssh2 server on 127.0.0.1 for this test file (a server sshd cannot be configured to be), closed with its
 * connections after the file's tests. Resolves to its port.
 */
export function useSsh2Server(config: ServerConfig, onClient: (client: Connection) => void): Promise<number> {
  const sockets = new Set<Socket>();
  const server = new ssh2.Server(config, onClient);
  server.on("connection", (client) => sockets.add((client as unknown as { _sock: Socket })._sock));
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((closed) => server.close(closed));
  });
  return new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );
}
