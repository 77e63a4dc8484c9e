import { CommandError, isDryRun, printer, type Host } from "@deploykit/core";
import { failureReason } from "./diagnose.ts";
import type { HostPlan } from "./types.ts";

const quiet = { quiet: true, stdout: "pipe", stderr: "pipe", dryRun: false } as const;

/**
 * Mirrors the configuration into the host's config dir: one rsync whose receiving side runs as root (`sudo -n rsync`
 * for another login user), unless that sudo wants a password, which rsync's own connection cannot carry (its stdin is
 * rsync's protocol). Then staged: rsync as the login user into a private directory on the host, and from there into
 * the config dir as root, through sudo as every `becomeRoot` run (the password given by `dk --ask-sudo-password` or
 * `setSudoPassword()`; without one, sudo says it wants it).
 */
export async function copyConfig(host: Host<unknown>, plan: HostPlan, removeMs = 60_000): Promise<void> {
  // rsync rides the host's shared ssh connection.
  const sshArgs = await host.sshArgs();
  // Under a dry run nothing reaches the host, nor asks it whether sudo wants a password: core shows the direct copy.
  if (isDryRun()) {
    await host.runLocal(plan.rsync(sshArgs));
    if (host.user !== "root") await printer().line(host.commandPrefix, stagedNote(plan.configDir));
    return;
  }
  if (!(await sudoWantsPassword(host))) {
    await host.runLocal(plan.rsync(sshArgs));
    return;
  }
  const stage = (await host.run(["mktemp", "-d", "-t", "dk-deploy-copy.XXXXXXXXXX"], quiet)).stdout.trim();
  // A directory inside the private one: rsync gives the copy the source's mode, which may let others in.
  const copy = `${stage}/config`;
  try {
    await host.runLocal(plan.rsync(sshArgs, copy), quiet);
    // This step's file list is the one a direct copy shows: what changed in the config dir.
    await host.run(plan.fromStage(copy), { becomeRoot: true, dryRun: false });
  } finally {
    await removeStage(host, stage, removeMs);
  }
}

// Removes the staged copy within `ms`: a host that stops answering holds the deployment no longer. One not removed is
// a notice naming it; the copy's own result or error stands.
async function removeStage(host: Host<unknown>, stage: string, ms: number): Promise<void> {
  const failed = await host.run(["rm", "-rf", "--", stage], { ...quiet, timeout: ms }).then(
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

// Whether the receiving rsync's `sudo -n` would stop for a password (root needs no sudo; ssh may pick the user).
async function sudoWantsPassword(host: Host<unknown>): Promise<boolean> {
  if (host.user === "root") return false;
  const asked = await host.run('[ "$(id -u)" = 0 ] || sudo -n rsync --version >/dev/null', { ...quiet, check: false });
  return asked.exitCode !== 0 && /sudo: a (password|terminal) is required/.test(asked.stderr);
}

// Under a dry run for a login user other than root: the direct copy shown is what runs only if sudo wants no password.
const stagedNote = (configDir: string) =>
  "rsync: shown as one copy through sudo -n; should the login user's sudo want a password, a real run copies into a " +
  `private directory on the host first, then from there into ${configDir} as root (dry run)`;
