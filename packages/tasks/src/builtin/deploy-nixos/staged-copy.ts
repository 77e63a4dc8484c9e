import { randomBytes } from "node:crypto";
import { CommandError, isDryRun, printer, type Host } from "@deploykit/core";
import { bounded } from "./bounds.ts";
import { failureReason } from "./diagnose.ts";
import type { HostPlan } from "./types.ts";

const quiet = { quiet: true, stdout: "pipe", stderr: "pipe", dryRun: false } as const;
// The private directory's name: dk's own part, then mktemp's random one.
const NAME = "dk-deploy-copy.";

/**
 * A copy as root through a sudo that wants a password: rsync as the login user into a private directory on the host
 * (mktemp), then from there into the config dir as root, through sudo as every `becomeRoot` run (with the password
 * given); then the directory is removed, after Ctrl-C (`signal`) too, even one that cut mktemp before it answered (its
 * template holds a part dk chose). Each step bounded by `ms` (an rsync: while no data moves). Under a dry run each step
 * is shown, with mktemp's template for the directory.
 */
export async function stagedCopy(
  host: Host<unknown>,
  plan: HostPlan,
  sshArgs: readonly string[],
  ms: number,
  signal?: AbortSignal,
) {
  const dry = isDryRun();
  const idleS = Math.ceil(ms / 1000);
  const stop = signal === undefined ? {} : { signal };
  const shown = { ...(dry ? {} : quiet), ...stop };
  const template = `${NAME}${randomBytes(6).toString("hex")}.XXXXXXXXXX`;
  const made = await bounded(
    host.run(["mktemp", "-d", "-t", template], { ...shown, timeout: ms }),
    "making a private directory on the host for the staged copy (mktemp -d)",
    ms,
  ).catch(async (error: unknown) => {
    // mktemp may have made it before its answer was lost or cut (Ctrl-C): it is the one directory of this template.
    await removeStage(host, `"\${TMPDIR:-/tmp}"/${template.replace(/X+$/, "*")}`, ms, true);
    throw error;
  });
  const stage = dry ? `/tmp/${template}` : made.stdout.trim();
  // A directory inside the private one: rsync gives the copy the source's mode, which may let others in.
  const copy = `${stage}/config`;
  try {
    await bounded(
      host.runLocal(plan.rsync(sshArgs, { stage: copy, idleS }), shown),
      `rsync into the private directory ${stage} on the host`,
      ms,
    );
    // This step's file list is the one a direct copy shows: what changed in the config dir.
    await bounded(
      host.run(plan.fromStage(copy, idleS), { becomeRoot: true, timeout: ms, ...stop }),
      `copying ${copy} into ${plan.configDir} as root on the host (sudo rsync)`,
      ms,
    );
  } finally {
    await removeStage(host, stage, ms);
  }
}

// Removes the staged copy within `ms`: a host that stops answering holds the deployment no longer. One not removed is
// a notice naming it; the copy's own result or error stands. `stage` is a path, or (`words`) shell words for one.
async function removeStage(host: Host<unknown>, stage: string, ms: number, words = false): Promise<void> {
  const shown = isDryRun() ? {} : quiet;
  const command = words ? `rm -rf -- ${stage}` : ["rm", "-rf", "--", stage];
  const failed = await host.run(command, { ...shown, timeout: ms }).then(
    () => undefined,
    (error: unknown) => (error instanceof CommandError && error.timedOut ? `no answer within ${ms / 1000} s` : error),
  );
  if (failed === undefined) return;
  const why = typeof failed === "string" ? failed : failureReason("rsync", failed).replace(/^rsync /, "");
  printer().notice(
    host.commandPrefix,
    `the staged copy ${stage} on the host was not removed (${why}); remove it there (rm -rf -- ${stage})`,
  );
}
