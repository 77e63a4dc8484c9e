import type { Host } from "@deploykit/core";
import { findPing, INSTALL_PING } from "./probes.ts";
import { throughProxy, type SshConfigs } from "./target.ts";

/** The `ping` to probe hosts with, and the one note to print when there is none and some host would have used it. */
export type PingChoice = { readonly pingPath: string | undefined; readonly note: string | undefined };

/**
 * Finds ping. Without it, hosts are watched by a TCP connect to their ssh port, and hosts that ssh reaches through a
 * jump host or proxy over ssh, as always: the note says so once, unless every host is of the second kind.
 */
export async function choosePing(
  hosts: readonly Host<unknown>[],
  configs: SshConfigs,
  dryRun = false,
): Promise<PingChoice> {
  const pingPath = findPing();
  if (pingPath !== undefined) return { pingPath, note: undefined };
  // In order, stopping at the first host reached directly: usually the first, whose read the run uses again.
  for (const host of hosts) {
    if (await throughProxy(host, configs)) continue;
    const watched = dryRun ? "hosts would be watched" : "watching hosts";
    return {
      pingPath,
      note:
        `\`ping\` is not installed on this machine: ${watched} by a TCP connect to their ssh port instead` +
        ` (install ping to watch them by ping: ${INSTALL_PING})`,
    };
  }
  return { pingPath, note: undefined };
}
