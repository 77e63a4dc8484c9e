import { connect } from "node:net";
import type { ProbeOutcome } from "./ping.ts";

/** Whether something accepts a TCP connection on `address:port` within `timeoutMs`; refused or silent is no answer. */
export function tcpProbe(address: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    const finish = (kind: "answered" | "silent") => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", abort);
      socket.destroy();
      resolve({ kind });
    };
    const abort = () => finish("silent");
    const timer = setTimeout(() => finish("silent"), timeoutMs);
    signal?.addEventListener("abort", abort, { once: true });
    socket.once("connect", () => finish("answered"));
    socket.once("error", () => finish("silent"));
  });
}
