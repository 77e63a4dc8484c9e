import { CommandError, printer, type Host } from "@deploykit/core";
import { STEP_MS } from "./bounds.ts";
import type { ActivationInput } from "./activation.ts";
import { launchCommand } from "./launch.ts";

/** How the activation was started: detached with `how`; `lost`: why its answer never came (it may run all the same). */
export type Started = { readonly how: string; readonly lost?: string };

/**
 * Starts the activation on the host (launch.ts), detached, and says so (`armed`: what of the rollback). A connection
 * that drops (or a host that hangs) before the answer may have started it all the same: that is `lost`, for dk to
 * look for it there by its id rather than report that it did not start. Other failures (no switch-to-configuration,
 * no sudo) are thrown as they are.
 */
export async function startActivation(host: Host<unknown>, input: ActivationInput, armed: string): Promise<Started> {
  const tag = host.commandPrefix;
  const started = await launch(host, input);
  await printer().line(tag, `$ ${input.rebuild.join(" ")}  (detached with ${started.how} as ${input.id}${armed})`);
  if (started.lost !== undefined) {
    printer().notice(
      tag,
      `lost the connection while starting nixos-rebuild (${started.lost}); looking for it on the host`,
    );
    // The shared connection may have died with the session: the next run opens a new one.
    await host.closeConnection();
  }
  return started;
}

async function launch(host: Host<unknown>, input: ActivationInput): Promise<Started> {
  try {
    // stderr too: a launch the host refuses says why there (host-deploy.ts makes it the host's reason).
    const options = { becomeRoot: true, quiet: true, stdout: "pipe", stderr: "pipe", timeout: STEP_MS } as const;
    const launched = await host.run(launchCommand(input), options);
    return { how: launched.stdout.trim().replace(/^dk-launched /, "") };
  } catch (error) {
    // ssh's own exit code, or no answer in time: the command's answer never came back.
    const lost = error instanceof CommandError && !error.interrupted && (error.timedOut || error.exitCode === 255);
    if (!lost) throw error;
    const why = error.timedOut ? `no answer within ${STEP_MS / 1000} s` : error.reason.replace(/^ssh failed: /, "");
    return { how: "systemd-run or setsid", lost: why };
  }
}
