import { spawn } from "node:child_process";
import type { Host } from "@deploykit/core";

// `ssh -O exit` only talks to a local control socket.
const TIMEOUT_MS = 5000;

/**
 * Closes the ssh connection shared with the host (core's ControlMaster, or the user's own), if one is open: it
 * belongs to the boot that is ending, and a later `host.run` must open a new one instead of waiting on a dead one.
 */
export async function closeSharedConnection(host: Host<unknown>): Promise<void> {
  // Older copies of core have no shared connections.
  if (typeof host.sshArgs !== "function") return;
  const args = await host.sshArgs().catch(() => undefined);
  if (args === undefined) return;
  await new Promise<void>((resolve) => {
    // Without a master this exits at once with "No ControlPath specified" or "Control socket connect…": fine.
    const child = spawn("ssh", [...args, "-O", "exit", "--", host.hostname], { stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    child.once("error", done);
    child.once("close", done);
  });
}
