import { CommandError } from "../errors.ts";
import type { Host } from "../host.ts";
import { execute } from "../run/execute.ts";
import { quoteArgv } from "../run/quote.ts";
import { isDryRun } from "../settings.ts";
import { sshBinaryRun } from "../ssh/ssh-binary.ts";
import { sshCommandLine } from "../ssh/tool-args.ts";
import type { CommandResult, DownloadOptions, RunOptions, TransferResult } from "../types.ts";
import { announce, readStats, shown as shownPath } from "./stats.ts";
import { rsyncFailed } from "./transfer-error.ts";
import { unknownOwner } from "./unknown-owner.ts";
import { onlyOwnDirFailed } from "./own-dir.ts";
import { withPartialCopy } from "./stopped-state.ts";

type Direction = TransferResult["direction"];

// Runs rsync over the host's ssh options (shared connection included), then prints one line of what moved (unless
// `silent`: a step of a larger transfer); `started` is when the transfer began, if before this run (a listing first).
export async function rsync(
  host: Host<unknown>,
  direction: Direction,
  options: readonly string[],
  paths: readonly [string, string],
  shown: readonly [string, string],
  call: DownloadOptions,
  { silent = false, started }: { readonly silent?: boolean; readonly started?: number } = {},
): Promise<TransferResult> {
  const tag = host.commandPrefix;
  const dryRun = call.dryRun ?? isDryRun();
  const { timeout, signal } = call;
  const run = { stdout: "pipe", stderr: "pipe", echo: dryRun, dryRun, timeout, signal } as const;
  const named = `${direction} ${shownPath(shown[0])} → ${shownPath(shown[1])}`;
  const how = { ...run, becomeRoot: call.becomeRoot, destination: shown[1], named };
  const result = await runRsync(host, direction, [...options, ...paths], how).catch((error: unknown) => {
    throw withPartialCopy(error, paths[0]);
  });
  const owner = unknownOwner(result.stderr, tag);
  if (owner !== undefined) throw owner;
  const moved = { direction, host: tag, source: shown[0], destination: shown[1], ...readStats(result.stdout) };
  const done = {
    ...moved,
    durationMs: started === undefined ? result.durationMs : Math.round(performance.now() - started),
  };
  if (!dryRun && !silent) announce(tag, done);
  return done;
}

/**
 * rsync with `args` and `-e` set to the host's ssh command line; a failure is a `TransferError`. `becomeRoot` says
 * whether `args` run the host's side as root; `destination` is the path the failure names when rsync names none. A
 * mirror that could set only its existing destination directory's own mode or times not succeeded (`onlyOwnDirFailed`).
 * `named` is what the "still waiting" notice calls it (what it copies, from where to where), rather than its argv.
 */
export async function runRsync(
  host: Host<unknown>,
  direction: Direction,
  args: readonly string[],
  {
    becomeRoot = false,
    destination,
    named,
    ...options
  }: RunOptions & { readonly becomeRoot?: boolean | undefined; readonly destination?: string; readonly named?: string },
): Promise<CommandResult> {
  const tag = host.commandPrefix;
  const { args: sshArgs, ready, skipLeading } = await sshBinaryRun(host);
  const all = ["-e", sshCommandLine(sshArgs), ...args];
  try {
    const display = quoteArgv(["rsync", ...all]);
    return await execute({ file: "rsync", args: all, display, named, tag, host: tag, ready, skipLeading }, options);
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    if (onlyOwnDirFailed(direction, error.exitCode, String(error.stderr))) {
      const { command, exitCode, stdout, stderr, durationMs } = error;
      return { command, exitCode, stdout, stderr, durationMs };
    }
    const asRoot = becomeRoot || host.user === "root";
    const where = { hostname: host.hostname, port: host.port, tag, timeout: options.timeout, asRoot, destination };
    throw rsyncFailed(error, direction, where, sshArgs);
  }
}
