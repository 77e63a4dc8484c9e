import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

// Resolves once a TCP connect to address:port succeeds; rejects after `timeoutMs`.
export async function waitForPort(address: string, port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await canConnect(address, port)) return;
    if (Date.now() > deadline)
      throw new Error(`nothing accepted connections on ${address}:${port} within ${timeoutMs} ms`);
    await sleep(25);
  }
}

function canConnect(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
