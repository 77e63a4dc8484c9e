import { mkdirSync } from "node:fs";
import { posix } from "node:path";
import { CommandError } from "../errors.ts";
import type { Host } from "../host.ts";
import { execute } from "../run/execute.ts";
import { quoteArgv } from "../run/quote.ts";
import { isDryRun } from "../settings.ts";
import { awaitMaster, connectionArgs } from "../ssh/connection.ts";
import { sshCommandLine } from "../ssh/tool-args.ts";
import type { DownloadOptions, TransferResult, UploadOptions } from "../types.ts";
import { findRsync } from "./local-rsync.ts";
import { localKind, localPath, planPaths } from "./paths.ts";
import { remoteSpec, rsyncOptions } from "./rsync-argv.ts";
import { announce, readStats } from "./stats.ts";
import { assertTransferOptions } from "./options.ts";
import { localSourceMissing, rsyncFailed, rsyncMissingLocally } from "./transfer-error.ts";

type Direction = TransferResult["direction"];

/** Throws unless rsync is on PATH and the local source of an upload exists: before anything is sent. */
export function preflight(localSource: string | undefined, tag: string | undefined): void {
  if (findRsync() === undefined) throw rsyncMissingLocally(tag);
  if (localSource !== undefined && localKind(localSource) === undefined) throw localSourceMissing(localSource, tag);
}

/** `host.upload`: copies a local file or directory to `remotePath` on `host` (see `planPaths` for where it lands). */
export async function upload(
  host: Host<unknown>,
  source: string,
  remotePath: string,
  options: UploadOptions = {},
): Promise<TransferResult> {
  assertTransferOptions("upload", source, remotePath, options);
  preflight(source, host.commandPrefix);
  const plan = planPaths(localPath(source), localKind(source) === "dir", remotePath);
  const argv = rsyncOptions({ ...plan, remoteDir: plan.dir, becomeRoot: options.becomeRoot ?? false }, options);
  return rsync(host, "upload", argv, [plan.source, remoteSpec(host, plan.destination)], [source, remotePath], options);
}

/** `host.download`: copies a file or directory on `host` to `localPath` here (see `planPaths`). */
export async function download(
  host: Host<unknown>,
  remotePath: string,
  destination: string,
  options: DownloadOptions = {},
): Promise<TransferResult> {
  assertTransferOptions("download", remotePath, destination, options);
  preflight(undefined, host.commandPrefix);
  const dryRun = options.dryRun ?? isDryRun();
  // Whether the source is a directory decides the paths; a dry run does not ask, and shows the source as written.
  const isDir = dryRun ? remotePath.endsWith("/") : await remoteIsDir(host, remotePath, options.becomeRoot ?? false);
  const plan = planPaths(remotePath, isDir, localPath(destination));
  if (!dryRun) mkdirSync(plan.dir, { recursive: true });
  const argv = rsyncOptions({ ...plan, becomeRoot: options.becomeRoot ?? false }, { ...options, mode: undefined });
  return rsync(
    host,
    "download",
    argv,
    [remoteSpec(host, plan.source), plan.destination],
    [remotePath, destination],
    options,
  );
}

// Asked over the host's own transport (its shared connection, or native's channel).
async function remoteIsDir(host: Host<unknown>, path: string, becomeRoot: boolean): Promise<boolean> {
  const probe = ["sh", "-c", 'if [ -d "$1" ]; then echo dir; fi', "sh", path];
  const result = await host.run(probe, { quiet: true, stdout: "pipe", stderr: "pipe", becomeRoot, check: false });
  return result.stdout.trim() === "dir";
}

// Runs rsync over the host's ssh options (shared connection included), then prints one line of what moved.
async function rsync(
  host: Host<unknown>,
  direction: Direction,
  options: readonly string[],
  paths: readonly [string, string],
  shown: readonly [string, string],
  call: DownloadOptions,
): Promise<TransferResult> {
  const tag = host.commandPrefix;
  const dryRun = call.dryRun ?? isDryRun();
  const sshArgs = await connectionArgs(host);
  const args = [...options, "-e", sshCommandLine(sshArgs), ...paths];
  const inv = { file: "rsync", args, display: quoteArgv(["rsync", ...args]), tag, host: tag };
  const release = await awaitMaster(sshArgs);
  try {
    const { timeout, signal } = call;
    const run = { stdout: "pipe", stderr: "pipe", echo: dryRun, dryRun, timeout, signal } as const;
    const result = await execute(inv, run);
    const stats = readStats(result.stdout);
    const moved = { direction, host: tag, source: shown[0], destination: shown[1], ...stats };
    const done = { ...moved, durationMs: result.durationMs };
    if (!dryRun) announce(tag, done);
    return done;
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    throw rsyncFailed(error, direction, { hostname: host.hostname, port: host.port, tag }, sshArgs);
  } finally {
    release();
  }
}

/** Where a group download puts one host's copy: `localPath/<host tag>/`. */
export function perHostDir(localDir: string, tag: string): string {
  return `${posix.join(localDir, tag)}/`;
}
