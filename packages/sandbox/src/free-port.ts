import { createServer } from "node:net";

// Asks the kernel for a free TCP port on `address` by binding port 0 and releasing it.
export function freePort(address = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, address, () => {
      const info = server.address();
      server.close(() => (typeof info === "object" && info ? resolve(info.port) : reject(new Error("no port"))));
    });
  });
}
