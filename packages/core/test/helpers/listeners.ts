import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { afterEach } from "vitest";

/** Starts a listener; `onConnection` gets each accepted socket (by default nothing: a host that never speaks). */
export type Listen = (onConnection?: (socket: Socket) => void) => Promise<{ port: number; server: Server }>;

/** TCP listeners on 127.0.0.1 for the current test file, each on a free port, closed after each test. */
export function useListeners(): Listen {
  const open: Server[] = [];
  afterEach(() => {
    for (const server of open.splice(0)) server.close();
  });
  return async (onConnection = () => {}) => {
    const server = createServer(onConnection);
    open.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { port: (server.address() as AddressInfo).port, server };
  };
}
