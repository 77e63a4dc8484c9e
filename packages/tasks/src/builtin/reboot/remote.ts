import { quoteArgv, type Host } from "@deploykit/core";
import type { Clock } from "./clock.ts";
import type { Resolved } from "./options.ts";
import { sshFailureLine, sshQuiet, type SshOutcome } from "./ssh.ts";

const BOOT_ID = "/proc/sys/kernel/random/boot_id";
const BOOT_ID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Time for a command to run once ssh is connected (authentication, a login shell, the command).
const AFTER_CONNECT_MS = 10_000;
// The reboot starts this long after the ssh session that asked for it, so that session can end cleanly.
const REBOOT_DELAY_S = 1;

/** A boot id, or why it could not be read. */
export type BootIdRead = { readonly id: string } | { readonly error: string };

/** Reads the host's boot id over ssh: a real login and command, so success also means "ssh ok". */
export async function readBootId(host: Host<unknown>, o: Resolved, clock: Clock, signal = o.signal): Promise<BootIdRead> {
  const timeoutMs = clock.budget(o.connectTimeoutS * 1000 + AFTER_CONNECT_MS);
  const outcome = await sshQuiet(host, `cat ${BOOT_ID}`, { sudo: false, connectTimeoutS: o.connectTimeoutS, timeoutMs, signal });
  if (outcome.exitCode !== 0) return { error: sshFailureLine(outcome) };
  const id = outcome.stdout.trim();
  if (!BOOT_ID_SHAPE.test(id)) return { error: `${BOOT_ID} holds ${JSON.stringify(id.slice(0, 60))}, not a boot id (reboot supports Linux hosts)` };
  return { id };
}

/** How sending the reboot went: sent, or refused with a reason (the host is then left as it was). */
export type RebootSent = { readonly sent: true; readonly note?: string } | { readonly sent: false; readonly reason: string };

/** Starts `o.command` on the host, detached and delayed, after checking it exists there. */
export async function sendReboot(host: Host<unknown>, o: Resolved, clock: Clock): Promise<RebootSent> {
  const program = o.command.split(/\s+/)[0]!;
  const script = [
    `${quoteArgv(["command", "-v", program])} >/dev/null 2>&1 || { ${quoteArgv(["echo", `${program}: command not found on the host`])} >&2; exit 127; }`,
    `(sleep ${REBOOT_DELAY_S}; ${o.command}) </dev/null >/dev/null 2>&1 &`,
  ].join("\n");
  const timeoutMs = clock.budget(o.connectTimeoutS * 1000 + AFTER_CONNECT_MS);
  const outcome = await sshQuiet(host, script, { sudo: true, connectTimeoutS: o.connectTimeoutS, timeoutMs, signal: o.signal });
  return judge(outcome, o.command);
}

// Exit 0: sent. 255 or a timeout: the session died, as it may when a host goes down; the boot id will tell.
function judge(outcome: SshOutcome, command: string): RebootSent {
  if (outcome.exitCode === 0 && !outcome.timedOut) return { sent: true };
  if (outcome.interrupted) return { sent: true, note: "interrupted while sending the reboot: it may have been sent" };
  if (outcome.timedOut) return { sent: true, note: "the ssh session that sent the reboot did not end; waiting anyway" };
  if (outcome.exitCode === 255) return { sent: true, note: "the ssh session that sent the reboot was cut (exit 255), as expected when a host goes down" };
  const why = sshFailureLine(outcome);
  const sudo = /sudo/.test(outcome.stderr) ? "; the login user needs passwordless sudo (or log in as root)" : "";
  return { sent: false, reason: `could not send \`${command}\`: ${why}${sudo}; the host was not rebooted` };
}
