import { basename, posix } from "node:path";
import { CommandError } from "../errors.ts";
import type { Host } from "../host.ts";
import { assertSudoPassword, sudoPassword } from "../run/sudo-password.ts";
import { isDryRun } from "../settings.ts";
import type { TransferResult, UploadOptions } from "../types.ts";
import { localKind, localPath, planPaths } from "./paths.ts";
import { mkdirAndRsync, modesDirs, remoteSpec, rsyncOptions } from "./rsync-argv.ts";
import { announce, readStats, shown as shownPath } from "./stats.ts";
import { runRemote } from "../remote-run.ts";
import { deadline } from "./deadline.ts";
import { rsyncFailed } from "./transfer-error.ts";
import { unknownOwner } from "./unknown-owner.ts";
import { rsync } from "./run-rsync.ts";
import { removeStage, removeStageAtExit } from "./stage-cleanup.ts";
import { connectionArgs } from "../ssh/connection.ts";
import { restoreRemoteMode } from "./kept-remote-mode.ts";
import { throughLink } from "./dest-link.ts";
import { withPartialCopy, withStoppedState } from "./stopped-state.ts";

/** The sudo password a `becomeRoot` upload sends: its own, else the process-wide one (`dk --ask-sudo-password`). */
export function passwordFor(options: UploadOptions): string | undefined {
  assertSudoPassword(options.sudoPassword);
  return options.sudoPassword ?? sudoPassword();
}

// What a dry run shows as the private directory: where mktemp makes one, as it names it.
const SHOWN_STAGE = "/tmp/tmp.XXXXXXXXXX";

/**
 * An upload as root through a sudo that wants a password, which rsync cannot send (its stdin carries its protocol):
 * rsync to a private directory as the login user, then `sudo rsync` from there to the destination on the host (the
 * password reaching sudo as for `run`), then the directory is removed. Every file crosses the network each time. A dry
 * run shows each step and runs none. `shown` is the destination as the result names it.
 */
export async function stagedUpload(
  host: Host<unknown>,
  source: string,
  remotePath: string,
  options: UploadOptions,
  password: string,
  shown = remotePath,
): Promise<TransferResult> {
  const started = performance.now();
  const tag = host.commandPrefix;
  const { exclude, timeout, signal } = options;
  const dryRun = options.dryRun ?? isDryRun();
  const steps = { quiet: !dryRun, stdout: "pipe", stderr: "pipe", dryRun } as const;
  // One deadline for the whole upload, as for a direct one: each step gets what is left of `timeout`.
  const time = deadline(timeout, "upload", tag);
  const { left, timedOut } = time;
  const failure = (error: unknown): unknown => {
    const late = timedOut(error);
    return late !== error || !(error instanceof CommandError)
      ? late
      : rsyncFailed(error, "upload", { ...host, tag, asRoot: true, destination: remotePath }, []);
  };
  // A step before the copy as root: nothing was written at the destination yet.
  const failed = (error: unknown): never => {
    throw withStoppedState(failure(error), shown, "stage");
  };
  // A connection of its own (and no question asked) for the stage's removal as the process exits.
  const exitArgs = dryRun ? [] : await connectionArgs(host, { freshConnection: true, batchMode: true });
  const made = await host.run(["mktemp", "-d"], { ...steps, timeout: left(), signal }).catch(failed);
  const stage = dryRun ? SHOWN_STAGE : made.stdout.trim();
  const watched = dryRun ? () => {} : removeStageAtExit(host.hostname, stage, exitArgs);
  try {
    const isDir = localKind(source) === "dir";
    // A directory goes one level down, where the stage's own mode (0700) still hides it: rsync gives the directory it
    // mirrors into the source's mode, which others on the host may read.
    const into = isDir ? `${stage}/copy/` : `${stage}/`;
    const sent = planPaths(localPath(source), isDir, into);
    const step = rsyncOptions({ ...sent, becomeRoot: false }, { ...(exclude && { exclude }) });
    await rsync(
      host,
      "upload",
      step,
      [sent.source, remoteSpec(host, sent.destination)],
      [source, stage],
      { timeout: left(), signal, dryRun },
      { silent: true },
    ).catch(failed);
    // The same paths as a direct upload, from the staged copy; `exclude` again keeps excluded files from `delete`.
    // The host's rsync reads its own paths: a relative one as `./…`, so `-x` is no option and `a:b` no other host.
    const target = posix.isAbsolute(remotePath) ? remotePath : `./${remotePath}`;
    const plan = planPaths(isDir ? into : posix.join(stage, basename(sent.source)), isDir, target);
    const args = rsyncOptions({ ...plan, becomeRoot: false }, options);
    const mirror = isDir && options.delete === true;
    const keep = isDir && !modesDirs(options.mode);
    const asRoot = { becomeRoot: true, sudoPassword: password };
    const from = `(as root, from ${stage})`;
    const partly = (error: unknown) => withPartialCopy(failure(error), plan.source);
    // A file onto a symlink goes where it leads, in a second run (as a direct upload does).
    const moved = await throughLink((again) => {
      const link = again?.target;
      const to = link === undefined ? plan : planPaths(plan.source, false, link);
      const file = !isDir && !to.destination.endsWith("/") && link === undefined ? '"$f"' : undefined;
      const script = `dir=$1 f=$2 && shift 2 && ${mkdirAndRsync('"$dir"', "", keep, mirror, file)}`;
      // Not quiet, as a direct upload's rsync is not: a long copy is named in the "still waiting" notice.
      const root = { ...steps, quiet: false, echo: dryRun, ...asRoot, timeout: left(), signal };
      const argv = ["sh", "-c", script, "sh", to.dir, to.destination, ...args, to.source, to.destination];
      return runRemote(host, argv, root, host.defaults, `upload ${shownPath(source)} → ${shownPath(shown)} ${from}`);
    })
      // A stop leaves the destination with the source's mode, which the host's script had no time to put back.
      .catch((error: unknown) =>
        restoreRemoteMode(host, plan.dir, asRoot, withStoppedState(partly(error), shown, isDir ? "dir" : "file")),
      );
    const owner = unknownOwner(moved.stderr, tag);
    if (owner !== undefined) throw owner;
    const result = {
      direction: "upload" as const,
      host: tag,
      source,
      destination: shown,
      ...readStats(moved.stdout),
    };
    const done = { ...result, durationMs: Math.round(performance.now() - started) };
    if (!dryRun) announce(tag, done);
    return done;
  } finally {
    await removeStage(host, stage, time, signal, dryRun).finally(watched);
  }
}
