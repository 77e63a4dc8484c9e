import { once } from "node:events";
import { connect } from "node:net";
import type { ProbeOutcome } from "./ping.ts";

/** Whether something accepts a TCP connection on `address:port` within `timeoutMs`; refused, silent or aborted is no answer. */
export async function tcpProbe(address: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<ProbeOutcome> {
  const limit = AbortSignal.timeout(timeoutMs);
  const socket = connect({ host: address, port });
  try {
    await once(socket, "connect", { signal: signal === undefined ? limit : AbortSignal.any([signal, limit]) });
    return { kind: "answered" };
  } catch {
    return { kind: "silent" };
  } finally {
    socket.destroy();
  }
}
