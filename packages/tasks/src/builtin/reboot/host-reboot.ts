import type { Host } from "@deploykit/core";
import { RebootError } from "./errors.ts";
import { HostRun } from "./host-run.ts";
import type { Resolved } from "./options.ts";
import { chooseProbe } from "./preflight.ts";
import type { HostReporter } from "./progress.ts";
import { readBootId, sendReboot } from "./remote.ts";
import { resolveTarget } from "./target.ts";
import type { RebootResult } from "./types.ts";
import { waitForNewBoot } from "./watch.ts";

/**
 * Reboots one host and waits until it is really back: checks it can be watched and reads its boot id, sends the
 * reboot, waits for down, up and ssh, and confirms the boot id changed. Throws a `RebootError` saying where it stopped.
 */
export async function rebootHost(host: Host<unknown>, options: Resolved, pingPath: string, report: HostReporter): Promise<RebootResult> {
  const run = new HostRun(host, options, pingPath, report);
  try {
    run.enter("checking");
    const target = await resolveTarget(host).catch((error: Error) => {
      throw run.fail(`${error.message}; nothing was rebooted`, error);
    });
    const probe = await chooseProbe(run, target);
    const before = await readBootId(host, options, run.clock);
    if ("error" in before) throw run.fail(`could not read the boot id over ssh: ${before.error}; nothing was rebooted`);
    if (run.clock.aborted()) throw run.fail("interrupted before the reboot; nothing was rebooted");

    run.enter("rebooting", `boot id ${before.id.slice(0, 8)}`);
    const sent = await sendReboot(host, options, run.clock);
    if (!sent.sent) throw run.fail(sent.reason);
    run.rebootSent = true;
    if (sent.note !== undefined) run.note(sent.note);
    // The shared connection belongs to the boot that is ending: a later host.run must open a new one.
    await host.closeConnection();

    const back = await waitForNewBoot(run, target, probe, before.id);
    run.enter("ssh ok", `new boot id ${back.bootId.slice(0, 8)}`);
    return {
      host: host.commandPrefix,
      bootIdBefore: before.id,
      bootIdAfter: back.bootId,
      probe,
      downSeen: back.downSeen,
      durationMs: Math.round(run.clock.elapsed()),
      times: { ...run.times },
      dryRun: false,
    };
  } catch (error) {
    if (error instanceof RebootError) throw error;
    // A bug or an unexpected failure still ends this host only, with its message.
    throw run.fail(`unexpected error: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}
