import { CommandError, duration, type Host, isDryRun, printer } from "@deploykit/core";
import { resolveOptions } from "../reboot/options.ts";
import { choosePing } from "../reboot/no-ping.ts";
import { rebootHost } from "../reboot/sequence.ts";
import { SshConfigs } from "../reboot/target.ts";
import type { HostReporter } from "../reboot/progress.ts";

/**
 * After `boot`: reboots the host with the built-in reboot (down, up, ssh with a new boot id), its phases printed as
 * tagged lines, then checks that the running system is `system`, the one the deployment made the default. Aborting
 * `signal` (the deployment's Ctrl-C) stops the waiting at once.
 */
export async function rebootInto(
  host: Host<unknown>,
  system: string,
  timeoutS: number,
  signal: AbortSignal,
): Promise<void> {
  const tag = host.commandPrefix;
  // A dry run says what would follow the activation, as it does for the steps before it.
  if (isDryRun()) {
    const then = `would reboot it and check that it then runs the new system, waiting up to ${timeoutS} s`;
    return void (await printer().line(tag, `reboot: ${then} (dry run)`));
  }
  const options = resolveOptions({ timeout: timeoutS, tty: false, dryRun: false, signal });
  const configs = new SshConfigs();
  const { pingPath, note } = await choosePing([host], configs);
  if (note !== undefined) await printer().line(tag, `reboot: note: ${note}`);
  const report: HostReporter = {
    phase: (phase, elapsedMs, detail) =>
      void printer().line(
        tag,
        `reboot: ${phase} after ${duration(elapsedMs)}${detail === undefined ? "" : ` (${detail})`}`,
      ),
    note: (text) => void printer().line(tag, `reboot: ${text}`),
  };
  // The ping check and the reboot share one read of the host's ssh configuration.
  await rebootHost(host, options, pingPath, report, configs);
  const now = await runningSystem(host, system, timeoutS, signal);
  // The path was not read after the activation (finish.ts): nothing to compare with.
  if (system === "") {
    throw new Error(
      `after the reboot it runs ${now || "nothing known"}; which system the deployment made the default could not ` +
        "be read before the reboot (the host did not answer), so whether that is the new one is unknown: check it",
    );
  }
  if (now !== system) {
    throw new Error(
      `after the reboot it runs ${now || "nothing known"}, not the new system ${system}: check its boot loader`,
    );
  }
  await printer().line(tag, `reboot: running the new system ${system}`);
}

// The system the host runs, read over a new connection within the reboot's own bound: a host that came back but hangs
// holds the deployment no longer than its reboot could have.
async function runningSystem(host: Host<unknown>, system: string, timeoutS: number, signal: AbortSignal) {
  const command = "readlink -f /run/current-system";
  const options = { quiet: true, stdout: "pipe", freshConnection: true, batchMode: true, dryRun: false } as const;
  try {
    return (await host.run(command, { ...options, timeout: timeoutS * 1000, signal })).stdout.trim();
  } catch (error) {
    if (!(error instanceof CommandError && error.timedOut)) throw error;
    throw new Error(
      `it came back, but \`${command}\` (which system it runs) did not answer within the reboot timeout of ` +
        `${timeoutS} s: check that it runs the new system ${system}, and that it is well`,
      { cause: error },
    );
  }
}
