import { CommandError, quoteArgv, type Host } from "@deploykit/core";
import type { Resolved } from "./options.ts";
import type { Clock } from "./clock.ts";
import { bootIdOf, printBootId, readWithStatus, refusalOf, startRecorded, statusFileOf } from "./refusal.ts";
import type { Refusal, RebootStatus } from "./refusal.ts";
import { sshWords } from "./ssh-words.ts";
import { sudoAdvice } from "./sudo-advice.ts";

const BOOT_ID = "/proc/sys/kernel/random/boot_id";
const BOOT_ID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Time for a command to run once ssh is connected (authentication, a login shell, the command). */
export const AFTER_CONNECT_MS = 10_000;
// The reboot starts this long after the ssh session that asked for it, so that session can end cleanly.
const REBOOT_DELAY_S = 1;
// What ssh (and core's native transport, in the same words) says when it refuses the key the host offers.
const HOST_KEY_REFUSED = /^Host key verification failed/m;

/**
 * A boot id (with `refused`: the reboot command failed in this boot), or why it could not be read; `hostKey`: ssh
 * refused the host's key (changed, or unknown), which no waiting mends; `ssh`: what to say of an ssh failure
 * (ssh-words.ts).
 */
export type BootIdRead =
  | { readonly id: string; readonly refused?: Refusal | undefined }
  | { readonly error: string; readonly hostKey?: boolean; readonly ssh?: string };

/**
 * How sending the reboot went: sent (`cut`: an abort cut the session short, so it may not have been; `statusFile`:
 * where the command leaves its exit status), or refused with a reason (the host is then left as it was).
 */
export type RebootSent =
  | { readonly sent: true; readonly note?: string; readonly cut?: boolean; readonly statusFile?: string | undefined }
  | { readonly sent: false; readonly reason: string };

// How one remote step ended: the command's exit, or core's CommandError for a timeout, an abort or ssh itself failing.
type Outcome = {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: CommandError;
};

/**
 * Reads the host's boot id over ssh: a real login and command, so success also means "ssh ok". With `status`, also
 * whether the reboot command failed.
 */
export async function readBootId(
  host: Host<unknown>,
  o: Resolved,
  clock: Clock,
  signal = o.signal,
  status?: RebootStatus,
): Promise<BootIdRead> {
  const command = status === undefined ? printBootId(BOOT_ID) : readWithStatus(BOOT_ID, status);
  const outcome = await remote(host, command, false, o, stepBudget(o, clock), signal);
  // Core's reason names the known_hosts entry to drop or the key to add; ssh's last line alone does not.
  if (outcome.exitCode === 255 && outcome.error !== undefined && HOST_KEY_REFUSED.test(outcome.stderr))
    return { error: outcome.error.reason, hostKey: true };
  if (outcome.exitCode !== 0 || outcome.error !== undefined) {
    const ssh = sshWords(outcome.error, outcome.stderr);
    return { error: failureLine(outcome), ...(ssh === undefined ? {} : { ssh }) };
  }
  const { id, rest } = bootIdOf(outcome.stdout);
  if (!BOOT_ID_SHAPE.test(id))
    return {
      error: `${BOOT_ID} holds ${JSON.stringify(id.slice(0, 60))}, not a boot id (reboot supports Linux hosts)`,
    };
  return { id, refused: refusalOf(rest) };
}

/** Starts `o.command` on the host as root, detached and delayed, after checking it exists there. */
export async function sendReboot(host: Host<unknown>, o: Resolved, clock: Clock): Promise<RebootSent> {
  const program = o.command.split(/\s+/)[0]!;
  const script = [
    `${quoteArgv(["command", "-v", program])} >/dev/null 2>&1 ||` +
      ` { ${quoteArgv(["echo", `${program}: command not found on the host`])} >&2; exit 127; }`,
    startRecorded(o.command, REBOOT_DELAY_S),
  ].join("\n");
  const outcome = await remote(host, script, true, o, stepBudget(o, clock), o.signal);
  const { error } = outcome;
  // What the session printed before it ended, even cut short: where the command leaves its exit status.
  const statusFile = statusFileOf(outcome.stdout);
  // Exit 0: sent. 255, a timeout or an abort: the session died or was cut, as it may when a host goes down; the boot id
  // will tell.
  if (outcome.exitCode === 0 && error === undefined) return { sent: true, statusFile };
  if (error?.timedOut)
    return { sent: true, statusFile, note: "the ssh session that sent the reboot did not end; waiting anyway" };
  if (error?.interrupted) return { sent: true, statusFile, cut: true };
  if (outcome.exitCode === 255)
    return {
      sent: true,
      statusFile,
      note: "the ssh session that sent the reboot was cut (exit 255), as expected when a host goes down",
    };
  return {
    sent: false,
    reason:
      `could not send \`${o.command}\`: ${failureLine(outcome)}${sudoAdvice(outcome.stderr)};` +
      " the host was not rebooted",
  };
}

// One remote step's time: ssh's connect timeout, then time to run, within what is left of the host's clock.
function stepBudget(o: Resolved, clock: Clock): number {
  return clock.budget(o.connectTimeoutS * 1000 + AFTER_CONNECT_MS);
}

/**
 * Runs `command` through `host.run`: quietly (probes repeat every second and the progress display owns the terminal),
 * over a connection of its own (a shared one may have died with the host), never prompting, within `timeoutMs`.
 */
export async function remote(
  host: Host<unknown>,
  command: string,
  root: boolean,
  o: Resolved,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Outcome> {
  try {
    return await host.run(command, {
      quiet: true,
      stdout: "pipe",
      stderr: "pipe",
      check: false,
      dryRun: false,
      becomeRoot: root,
      freshConnection: true,
      connectTimeout: o.connectTimeoutS,
      batchMode: true,
      timeout: timeoutMs,
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    const failed = error as CommandError;
    return { exitCode: failed.exitCode, stdout: failed.stdout, stderr: failed.stderr, error: failed };
  }
}

// The line that explains a failed remote step, for messages.
function failureLine({ exitCode, stderr, error }: Outcome): string {
  if (error?.timedOut) return "ssh did not finish in time";
  const line = stderr
    .split("\n")
    .filter((l) => l.trim() !== "")
    .at(-1)
    ?.trim();
  if (line !== undefined) return `${line} (exit ${exitCode})`;
  return error?.reason ?? `ssh exited with ${exitCode}`;
}
