import type { Host } from "@deploykit/core";
import { STEP_MS } from "./bounds.ts";
import { cleanupCommand } from "./remote-poll.ts";
import { stateDir } from "./state-dir.ts";

// Seconds ssh may take to connect for the second try, over a new connection.
const CONNECT_TIMEOUT_S = 10;

/**
 * Reads the system an activation that ended well left the host running or booting, and removes its state. A connection
 * lost meanwhile is tried once more over a new one; a host that still does not answer gives "" (not known), not a
 * failure of the deployment that already succeeded there.
 */
export async function readNewSystem(host: Host<unknown>, id: string): Promise<string> {
  const read = `cat ${stateDir(id)}/new-system 2>/dev/null; ${cleanupCommand(id)}`;
  const options = {
    becomeRoot: true,
    quiet: true,
    stdout: "pipe",
    stderr: "pipe",
    check: false,
    dryRun: false,
  } as const;
  const fresh = { freshConnection: true, batchMode: true, connectTimeout: CONNECT_TIMEOUT_S } as const;
  for (const again of [false, true]) {
    try {
      const result = await host.run(read, { ...options, ...(again ? fresh : {}), timeout: STEP_MS });
      if (result.exitCode === 0) return result.stdout.trim();
    } catch {
      // Lost (ssh failed, or no answer in time): once more over a new connection, then not known.
    }
  }
  return "";
}
