import { hasSudoPassword, isDryRun, printer, type Host } from "@deploykit/core";
import { bounded, STEP_MS } from "./bounds.ts";
import { explain } from "./diagnose.ts";
import { DeployStop } from "./errors.ts";
import { rsyncSshArgs } from "./rsync-ssh.ts";
import { stagedCopy } from "./staged-copy.ts";
import type { HostPlan } from "./types.ts";

const quiet = { quiet: true, stdout: "pipe", stderr: "pipe", dryRun: false } as const;

/**
 * Mirrors the configuration into the host's config dir: one rsync whose receiving side runs as root (`sudo -n rsync`
 * for another login user), unless that sudo wants a password, which rsync's own connection cannot carry (its stdin is
 * rsync's protocol). Then staged (staged-copy.ts), with the password given by `dk --ask-sudo-password` or
 * `setSudoPassword()`; without one, the host fails at once, saying to give it. Each step is bounded by `stepMs`: the
 * short ones in all, an rsync while no data moves.
 */
export async function copyConfig(
  host: Host<unknown>,
  plan: HostPlan,
  stepMs = STEP_MS,
  signal?: AbortSignal,
): Promise<void> {
  const sshArgs = await rsyncSshArgs(host);
  const idleS = Math.ceil(stepMs / 1000);
  const stop = signal === undefined ? {} : { signal };
  const rsync = plan.rsync(sshArgs, { idleS });
  const direct = async () => void (await bounded(host.runLocal(rsync, stop), `rsync into ${plan.configDir}`, stepMs));
  if (host.user === "root") return direct();
  // A dry run asks the host nothing: a sudo password given is the sign that the login user's sudo wants one.
  if (isDryRun()) {
    await (hasSudoPassword() ? stagedCopy(host, plan, sshArgs, stepMs, signal) : direct());
    return void (await printer().line(host.commandPrefix, dryRunNote(plan.configDir, hasSudoPassword())));
  }
  const wants = await sudoWantsPassword(host, stepMs, signal);
  if (wants === undefined) return direct();
  // Copying first would only move every file to a sudo that then refuses: say what it wants now.
  if (!hasSudoPassword()) throw new DeployStop("rsync", "failed", explain("rsync", wants.exitCode, wants.said));
  await stagedCopy(host, plan, sshArgs, stepMs, signal);
}

// Whether the receiving rsync's `sudo -n` would stop for a password (root needs no sudo; ssh may pick the user): how
// sudo said so, else undefined.
async function sudoWantsPassword(
  host: Host<unknown>,
  ms: number,
  signal: AbortSignal | undefined,
): Promise<{ exitCode: number; said: string[] } | undefined> {
  const probe = '[ "$(id -u)" = 0 ] || sudo -n rsync --version >/dev/null';
  const asked = await bounded(
    host.run(probe, { ...quiet, check: false, timeout: ms, ...(signal === undefined ? {} : { signal }) }),
    "asking the host whether sudo wants a password (sudo -n rsync --version)",
    ms,
  );
  const said = asked.stderr.split("\n").filter((line) => /sudo: a (password|terminal) is required/.test(line));
  return asked.exitCode !== 0 && said.length > 0 ? { exitCode: asked.exitCode, said } : undefined;
}

// Under a dry run for a login user other than root: which copy is shown, and when a real run makes the other one.
const dryRunNote = (configDir: string, password: boolean) =>
  password
    ? "rsync: staged, as a real run copies when the login user's sudo wants the password given; should it want " +
      "none, a real run copies in one rsync through sudo -n instead (dry run)"
    : "rsync: shown as one copy through sudo -n; should the login user's sudo want a password, a real run " +
      `copies into a private directory on the host first, then from there into ${configDir} as root (dry run)`;
