import { AFTER_CONNECT_MS, remote } from "./remote.ts";
import { removeStatus } from "./refusal.ts";
import type { HostRun } from "./sequence.ts";

// Removing the file takes at most this long: the host answered a moment ago.
const DROP_MS = 5000;

/**
 * Removes the reboot command's status file once dk stops reading it early (Ctrl-C, the timeout, a failure), from a
 * host not seen down: it still answers. One that went down empties /dev/shm, where the file lies, as it boots.
 */
export async function dropStatusFile(run: HostRun): Promise<void> {
  const { status, host, options: o } = run;
  if (status === undefined || run.phase === "down") return;
  run.status = undefined;
  const timeoutMs = Math.min(DROP_MS, o.connectTimeoutS * 1000 + AFTER_CONNECT_MS);
  // Not bound to the run's signal: after Ctrl-C that has fired already.
  await remote(host, removeStatus(status), false, o, timeoutMs, undefined).catch(() => undefined);
}
