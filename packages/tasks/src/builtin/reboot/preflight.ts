import type { HostRun } from "./host-run.ts";
import type { Target } from "./target.ts";
import { tcpProbe } from "./tcp-probe.ts";
import type { ProbeKind } from "./types.ts";

/**
 * Decides, before anything is done, how to watch the host: by ping when it answers ping; by a TCP connect to its
 * ssh port when ICMP goes unanswered but ssh listens (filtered ICMP); not at all when it is unreachable.
 */
export async function chooseProbe(run: HostRun, target: Target): Promise<ProbeKind> {
  const first = await run.probe(target, "ping");
  if (first.kind === "error") {
    throw run.fail(`${first.message}; that is a failure of ping, not "no answer", so the host cannot be watched; nothing was rebooted`);
  }
  if (first.kind === "answered") return "ping";
  const { connectTimeoutS, signal } = run.options;
  const tcp = await tcpProbe(target.address, target.port, connectTimeoutS * 1000, signal);
  if (tcp.kind === "answered") {
    run.note(`no answer to ping (ICMP filtered?): watching ssh port ${target.port} instead`);
    return "tcp";
  }
  throw run.fail(
    `unreachable before the reboot: no answer to ping, and nothing accepts connections on ${target.address} port ${target.port}; `
      + "nothing was rebooted. Check that the host is up and the address and port are right",
  );
}
