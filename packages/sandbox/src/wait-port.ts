import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

// Resolves once a TCP connect to address:port succeeds; rejects after `timeoutMs`, also while a connect hangs.
export async function waitForPort(address: string, port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await canConnect(address, port, Math.max(deadline - Date.now(), 1))) return;
    if (Date.now() >= deadline)
      throw new Error(`nothing accepted connections on ${address}:${port} within ${timeoutMs} ms`);
    await sleep(25);
  }
}

// Whether a connect succeeds within `timeoutMs`: one nobody answers (a host off the network) is given up then.
function canConnect(address: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}
