import { once } from "node:events";
import { connect } from "node:net";
import { CommandError, findExecutable, run } from "@deploykit/core";

/** What one probe saw: an answer, none, or a failure that says nothing about the host (bad name, no permission). */
export type ProbeOutcome =
  { readonly kind: "answered" } | { readonly kind: "silent" } | { readonly kind: "error"; readonly message: string };

/** How to get ping, for messages. */
export const INSTALL_PING = "Debian/Ubuntu: `apt-get install iputils-ping`; Fedora: `dnf install iputils`";

// Ping gone after the run began (it was there when the host's probe was chosen).
const MISSING = `\`ping\` is no longer installed on this machine: install it again (${INSTALL_PING})`;

// Extra time after ping's own -W before the process is killed: it normally exits on its own.
const KILL_MARGIN_MS = 2000;

/** The `ping` executable on PATH; undefined when there is none (hosts are then watched by their ssh port). */
export function findPing(path = process.env.PATH ?? ""): string | undefined {
  return findExecutable("ping", path);
}

/** Sends one ICMP echo to `address`: exit 0 = answered, 1 = no answer, anything else = ping itself failed. */
export async function ping(
  pingPath: string,
  address: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ProbeOutcome> {
  const wait = Math.max(0.05, timeoutMs / 1000).toFixed(2);
  const argv = [pingPath, "-n", "-q", "-c", "1", "-W", wait, "--", address];
  try {
    const r = await run(argv, {
      quiet: true,
      check: false,
      dryRun: false,
      stdout: "pipe",
      stderr: "pipe",
      timeout: timeoutMs + KILL_MARGIN_MS,
      ...(signal === undefined ? {} : { signal }),
    });
    if (r.exitCode === 0) return { kind: "answered" };
    if (r.exitCode === 1) return { kind: "silent" };
    const said = r.stderr.trim().split("\n").at(-1) ?? "";
    return { kind: "error", message: `\`ping ${address}\` exited with ${r.exitCode}${said ? `: ${said}` : ""}` };
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    // An interrupted probe saw nothing; the caller sees the abort itself.
    if (error.interrupted) return { kind: "silent" };
    return { kind: "error", message: error.exitCode === 127 ? MISSING : `\`ping ${address}\` ${error.reason}` };
  }
}

/**
 * Whether something accepts a TCP connection on `address:port` within `timeoutMs`; refused, silent or aborted is no
 * answer.
 */
export async function tcpProbe(
  address: string,
  port: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ProbeOutcome> {
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
