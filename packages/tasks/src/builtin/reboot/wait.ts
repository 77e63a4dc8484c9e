import type { Target } from "./target.ts";
import { BootIdCheck } from "./boot-id-check.ts";
import type { BootIdRead } from "./remote.ts";
import type { HostRun } from "./sequence.ts";
import type { ProbeKind } from "./types.ts";
import { timeoutReason } from "./stuck.ts";

// What a boot-id read still under way at the timeout says of ssh.
const UNFINISHED: BootIdRead = { error: "a read of its boot id over ssh had not finished by then" };

/** What waiting for the host saw: its new boot id, and whether it was seen down in between. */
export type Back = { readonly bootId: string; readonly downSeen: boolean };

/**
 * Probes the host every interval until it accepts ssh with a boot id other than `before`: rebooting → down → up →
 * ssh ok. Whenever it answers, a boot-id read runs beside the probes, so a host that went down and came back between
 * two probes is caught by its new boot id and "down" is never required. A host watched over ssh (`kind` "ssh") has
 * reads alone: one that fails is down, one that reads a boot id is up. Every step is bounded by the host's clock.
 */
export async function waitForNewBoot(run: HostRun, target: Target, kind: ProbeKind, before: string): Promise<Back> {
  const { clock, options } = run;
  const check = new BootIdCheck(run, kind === "ssh" ? 2 : 1);
  let downSeen = false;
  // The last boot-id read that did not show a new boot: an ssh failure, or the old boot id again.
  let last: BootIdRead | undefined;
  let nextProbe = clock.elapsed() + options.probeIntervalMs;
  // A host watched by ping may come back dropping it (a firewall of the new boot): then by its ssh port.
  let watch = kind;
  // Marks the host down: whatever ssh was connecting now talks to a host that is gone.
  const wentDown = () => {
    if (run.phase !== "down") {
      run.enter("down");
      check.cancel();
    }
    downSeen = true;
  };
  try {
    while (!clock.expired()) {
      await Promise.race([clock.sleep(nextProbe - clock.elapsed()), check.finished()]);
      if (clock.aborted()) throw interrupted(run);
      const read = check.take();
      if (read !== undefined && "id" in read && read.id !== before) {
        if (run.phase === "rebooting")
          run.enter("up", "went down and came back between two probes: seen by its new boot id");
        if (run.phase === "down") run.enter("up", "ssh connects again");
        return { bootId: read.id, downSeen };
      }
      // The host answers with a key ssh refuses: no later read can succeed, so waiting out the timeout helps nobody.
      if (read !== undefined && "hostKey" in read)
        throw run.fail(
          `answers with a host key that ssh refuses since the reboot was sent (${read.error});` +
            " its boot id could not be read, so whether it rebooted is unknown",
        );
      // The command failed in the boot it was sent in: nothing will reboot the host now. The read removed its file.
      if (read !== undefined && "id" in read && read.refused !== undefined) {
        const { exitCode, said } = read.refused;
        run.status = undefined;
        throw run.fail(
          `\`${options.command}\` failed on the host${said === undefined ? "" : `: ${said}`} (exit ${exitCode});` +
            " the host was not rebooted",
        );
      }
      if (read !== undefined) last = read;
      if (read !== undefined && kind === "ssh") {
        if ("error" in read) wentDown();
        else if (run.phase === "down") run.enter("up", "ssh connects again, with the old boot id");
      }
      if (clock.expired() || clock.elapsed() < nextProbe) continue;
      nextProbe = clock.elapsed() + options.probeIntervalMs;
      if (watch === "ssh") {
        check.start();
        continue;
      }
      const [outcome, port] = await Promise.all([
        run.probe(target, watch),
        watch === "ping" && run.phase === "down" ? run.probe(target, "tcp") : undefined,
      ]);
      // An aborted probe saw nothing: the host is not known to be down.
      if (clock.aborted()) throw interrupted(run);
      if (outcome.kind === "error") throw run.fail(`${outcome.message}; that is a failure of ping, not "no answer"`);
      if (outcome.kind === "silent" && port?.kind === "answered") {
        watch = "tcp";
        run.enter("up", `port ${target.port} open; no answer to ping`);
      } else if (outcome.kind === "silent") {
        // What it read before the host went down is past.
        if (run.phase !== "down") last = undefined;
        wentDown();
        continue;
      }
      if (run.phase === "down") run.enter("up", watch === "ping" ? "answers ping" : `port ${target.port} open`);
      check.start();
    }
    // A read that hangs at the timeout says more than the last failed one, which may be stale (sshd not yet up then).
    const slow = check.stuck() && (last === undefined || "error" in last);
    throw run.fail(timeoutReason(run, watch, slow ? UNFINISHED : last));
  } finally {
    check.cancel();
  }
}

// The reboot was sent: the host may well come back on its own, but nobody watches it now.
function interrupted(run: HostRun): Error {
  const where = run.phase === "rebooting" ? "waiting for the host to go down" : run.phase;
  return run.fail(
    `interrupted while ${where}; the reboot was sent: check that the host comes back`,
    undefined,
    "stopped",
  );
}
