import { tcpProbe } from "./probes.ts";
import type { HostRun } from "./sequence.ts";
import type { Target } from "./target.ts";
import type { ProbeKind } from "./types.ts";

/** Why a host is failed when it was interrupted before its reboot. */
export const NOT_SENT = "interrupted before the reboot; nothing was rebooted";

/**
 * Decides, before anything is done, how to watch the host: over ssh alone when ssh reaches it through a jump host or
 * proxy (this machine may have no route to it); by ping when it answers ping; by a TCP connect to its ssh port when
 * ICMP goes unanswered but ssh listens (filtered ICMP) or when this machine has no ping; not at all when it is
 * unreachable.
 */
export async function chooseProbe(run: HostRun, target: Target): Promise<ProbeKind> {
  if (target.via !== undefined) {
    const through = target.via.startsWith("ProxyJump") ? "a jump host" : "a proxy";
    run.report.note(`reached through ${through} (${target.via}): watching it over ssh`);
    return "ssh";
  }
  // Without ping here, the port alone is tried; the run's one note already said so.
  const first = run.pingPath === undefined ? undefined : await run.probe(target, "ping");
  if (first?.kind === "error") {
    throw run.fail(
      `${first.message}; that is a failure of ping, not "no answer", so the host cannot be watched;` +
        " nothing was rebooted",
    );
  }
  if (first?.kind === "answered") return "ping";
  const { connectTimeoutS, signal } = run.options;
  const tcp = await tcpProbe(target.address, target.port, connectTimeoutS * 1000, signal);
  // An aborted probe saw nothing: the host is not known to be unreachable.
  if (run.clock.aborted()) throw run.fail(NOT_SENT, undefined, "stopped");
  if (tcp.kind === "answered") {
    if (first !== undefined)
      run.report.note(`no answer to ping (ICMP filtered?): watching ssh port ${target.port} instead`);
    return "tcp";
  }
  const where = `${target.address} port ${target.port}`;
  const saw =
    first === undefined
      ? `nothing accepts connections on ${where} (ping is not installed on this machine, so only that was tried)`
      : `no answer to ping, and nothing accepts connections on ${where}`;
  throw run.fail(
    `unreachable before the reboot: ${saw}; nothing was rebooted. ` +
      "Check that the host is up and the address and port are right",
  );
}
