import { SPAWN_INSTEAD, type RunningChild } from "./child.ts";
import type { Invocation } from "./invocation.ts";
import { spawnChild, STOPPED } from "./spawn-child.ts";
import { stdioFor } from "./stdio.ts";
import type { Encoding, RunOptions } from "../types.ts";

/**
 * `inv` running: the child its opener starts (a native channel), or else a spawned process. Once `signal` aborts
 * (a deadline or a stop while the run waited for its input file or a connection), nothing is started: it throws.
 */
export async function openChild(
  inv: Invocation,
  options: RunOptions<Encoding>,
  signal: AbortSignal,
): Promise<{ readonly child: RunningChild; readonly release: () => void }> {
  if (signal.aborted) throw new Error(STOPPED);
  const opened = inv.open ? await inv.open(signal) : SPAWN_INSTEAD;
  if (opened !== SPAWN_INSTEAD) return opened;
  const spawnOptions = {
    // ssh's stdin stays open: its closing is what tells the remote side to stop.
    stdio: stdioFor(inv.stdin, inv.ssh !== undefined, options),
    detached: true,
    ...(inv.ssh === undefined ? { cwd: options.cwd, env: { ...process.env, ...options.env } } : {}),
  };
  return spawnChild(inv.file, inv.args, spawnOptions, signal);
}
