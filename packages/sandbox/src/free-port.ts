import { createServer, type Server } from "node:net";

// Ports the kernel hands out that are taken on another address; then the search gives up.
const MAX_TRIES = 50;

// Asks the kernel for a free TCP port on `address` by binding port 0 and releasing it.
export function freePort(address = "127.0.0.1"): Promise<number> {
  return freePortOn([address]);
}

/**
 * A TCP port free on every one of `addresses` (a fleet's sshd listens on them all with one port): a port free on one
 * loopback address may be another fleet's on the next. Candidates found taken stay held while the search goes on, so
 * the kernel offers each at most once.
 */
export async function freePortOn(addresses: readonly string[]): Promise<number> {
  const [first, ...rest] = addresses;
  if (first === undefined) throw new TypeError("Expected `addresses` to hold at least one address, got none");
  const held: Server[] = [];
  try {
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      const probe = await listen(0, first);
      held.push(probe);
      const port = (probe.address() as { port: number }).port;
      const others = await Promise.allSettled(rest.map((address) => listen(port, address)));
      for (const other of others) if (other.status === "fulfilled") held.push(other.value);
      if (others.every((other) => other.status === "fulfilled")) return port;
    }
    throw new Error(`no port free on all of ${addresses.length} addresses after ${MAX_TRIES} tries`);
  } finally {
    await Promise.all(held.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

function listen(port: number, address: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, address, () => resolve(server));
  });
}
