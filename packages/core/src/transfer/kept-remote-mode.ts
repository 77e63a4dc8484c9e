import { CommandError } from "../errors.ts";
import type { Host } from "../host.ts";
import type { RemoteRunOptions } from "../types.ts";
import { printer } from "../output/printer.ts";
import { AFTER_ABORT_MS } from "./stage-cleanup.ts";
import { KEPT_MARK } from "./rsync-argv.ts";
import { TransferError } from "./transfer-error.ts";

/** The mode an upload's host script read of the directory it mirrors into, from what it printed. Pure. */
export function keptRemoteMode(stderr: string): string | undefined {
  return new RegExp(`^${KEPT_MARK}([0-7]{1,4})$`, "m").exec(stderr)?.[1];
}

/** How the host's script that read the mode ran: as root (`becomeRoot`), with the sudo password it was given. */
export type AsRoot = Pick<RemoteRunOptions, "becomeRoot" | "sudoPassword">;

/**
 * Rethrows a failed upload's `error`; first, if it stopped partway (timeout, abort), puts back the mode of the
 * directory it mirrored into, which rsync had already set to the source's. The host's script puts it back too, but
 * only once its rsync notices the stop (after the call ended), and never if the host's shell goes with the session.
 * Direct and staged uploads alike; bounded by `AFTER_ABORT_MS`; a failure is a notice.
 */
export async function restoreRemoteMode(
  host: Host<unknown>,
  dir: string,
  asRoot: AsRoot,
  error: unknown,
): Promise<never> {
  const cause = error instanceof TransferError ? error.cause : undefined;
  const mode =
    cause instanceof CommandError && (cause.timedOut || cause.interrupted)
      ? keptRemoteMode(String(cause.stderr))
      : undefined;
  if (mode === undefined) throw error;
  const run = {
    quiet: true,
    stdout: "pipe",
    stderr: "pipe",
    dryRun: false,
    ...asRoot,
    timeout: AFTER_ABORT_MS,
  } as const;
  await host.run(["chmod", "--", mode, dir], run).catch((failed: unknown) => {
    const why = failed instanceof Error && "reason" in failed ? String(failed.reason) : String(failed);
    printer().notice(host.commandPrefix, `the mode of ${dir} on the host was not put back to ${mode} (${why})`);
  });
  throw error;
}
