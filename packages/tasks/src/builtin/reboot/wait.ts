import { duration } from "@deploykit/core";
import type { Target } from "./probes.ts";
import { BootIdCheck } from "./boot-id-check.ts";
import type { BootIdRead } from "./remote.ts";
import type { HostRun } from "./sequence.ts";
import type { ProbeKind } from "./types.ts";

/** What waiting for the host saw: its new boot id, and whether it was seen down in between. */
export type Back = { readonly bootId: string; readonly downSeen: boolean };

/**
 * Probes the host every interval until it accepts ssh with a boot id other than `before`: rebooting → down → up →
 * ssh ok. Whenever it answers, a boot-id read runs beside the probes, so a host that went down and came back between
 * two probes is caught by its new boot id and "down" is never required. Every step is bounded by the host's clock.
 */
export async function waitForNewBoot(run: HostRun, target: Target, kind: ProbeKind, before: string): Promise<Back> {
  const { clock, options } = run;
  const check = new BootIdCheck(run);
  let downSeen = false;
  // The last boot-id read that did not show a new boot: an ssh failure, or the old boot id again.
  let last: BootIdRead | undefined;
  let nextProbe = clock.elapsed() + options.probeIntervalMs;
  try {
    while (!clock.expired()) {
      await Promise.race([clock.sleep(nextProbe - clock.elapsed()), check.finished()]);
      if (clock.aborted()) throw interrupted(run);
      const read = check.take();
      if (read !== undefined && "id" in read && read.id !== before) {
        if (run.phase === "rebooting")
          run.enter("up", "went down and came back between two probes: seen by its new boot id");
        return { bootId: read.id, downSeen };
      }
      if (read !== undefined) last = read;
      if (clock.expired() || clock.elapsed() < nextProbe) continue;
      nextProbe = clock.elapsed() + options.probeIntervalMs;
      const outcome = await run.probe(target, kind);
      if (outcome.kind === "error") throw run.fail(`${outcome.message}; that is a failure of ping, not "no answer"`);
      if (outcome.kind === "silent") {
        if (run.phase !== "down") {
          run.enter("down");
          // Whatever ssh was connecting now talks to a host that is gone, and what it read before is past.
          check.cancel();
          last = undefined;
        }
        downSeen = true;
        continue;
      }
      if (run.phase === "down") run.enter("up", kind === "ping" ? "answers ping" : `port ${target.port} open`);
      check.start();
    }
    throw run.fail(timeoutReason(run, kind, last));
  } finally {
    check.cancel();
  }
}

// The reboot was sent: the host may well come back on its own, but nobody watches it now.
function interrupted(run: HostRun): Error {
  const where = run.phase === "rebooting" ? "waiting for the host to go down" : run.phase;
  return run.fail(`interrupted while ${where}; the reboot was sent: check that the host comes back`);
}

// Says where the host got stuck, so the user knows whether to look at the console, the network or ssh.
function timeoutReason(run: HostRun, kind: ProbeKind, last: BootIdRead | undefined): string {
  const limit = `${run.options.timeoutMs / 1000} s`;
  const at = (time: number | undefined) => (time === undefined ? "" : ` at ${duration(time - run.times.started)}`);
  const since = (time: number | undefined) => at(time).replace(" at ", " since ");
  const probe = kind === "ping" ? "ping" : "connections on the ssh port";
  switch (run.phase) {
    case "down":
      return (
        `did not come back within ${limit}: no answer to ${probe}${since(run.times.down)};` +
        " check the host's console"
      );
    case "up":
      // Down and up again with the same boot id: the outage was something else (a link, a switch), not the reboot.
      if (last !== undefined && "id" in last)
        return (
          `did not reboot within ${limit}: it stopped answering${at(run.times.down)} and answered again` +
          `${at(run.times.up)} with the boot id it had before, so that outage was no reboot;` +
          ` check that \`${run.options.command}\` works on it`
        );
      return (
        `did not come back within ${limit}: it answers ${probe}${since(run.times.up)},` +
        ` but ssh does not work: ${last === undefined ? "no answer yet" : last.error}`
      );
    default:
      // Ssh gone while the host still answers: typically a shutdown stuck on a service that does not stop.
      if (last !== undefined && "error" in last)
        return (
          `did not go down within ${limit}: it still answers ${probe} but no longer ssh (${last.error});` +
          " it may be stuck shutting down: check the host's console"
        );
      return (
        `did not go down within ${limit}: it kept answering with its old boot id;` +
        ` check that \`${run.options.command}\` works on it`
      );
  }
}
