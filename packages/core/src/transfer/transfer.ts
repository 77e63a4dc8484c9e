import { posix } from "node:path";
import type { Host } from "../host.ts";
import { isDryRun } from "../settings.ts";
import type { DownloadOptions, TransferResult, UploadOptions } from "../types.ts";
import { findExecutable } from "../run/find-executable.ts";
import { deadline } from "./deadline.ts";
import { assertTransferOptions } from "./options.ts";
import { assertMirrorTarget, expandHome, localKind, localPath, mirrorRefusal, planPaths } from "./paths.ts";
import { literalSource, remoteSpec, rsyncOptions } from "./rsync-argv.ts";
import { rsync } from "./run-rsync.ts";
import { remoteEntry } from "./remote-entry.ts";
import { asWritten, scoped, unscoped } from "./scoped.ts";
import { passwordFor, stagedUpload } from "./staged.ts";
import { localSourceMissing, rsyncMissingLocally } from "./local-errors.ts";
import { makeLocalDir } from "./local-dir.ts";
import { listedSpecial, localSpecial, specialSource } from "./special-source.ts";
import { keptMode, restoreMode } from "./kept-mode.ts";
import { restoreRemoteMode } from "./kept-remote-mode.ts";
import { unaskedShape } from "./unasked-shape.ts";
import { throughLink } from "./dest-link.ts";
import { namedLink, type NamedLink } from "./glob-name.ts";
import { IN_PLACE } from "./in-place.ts";
import { localLinkTarget } from "./local-link.ts";
import { printer } from "../output/printer.ts";
import { withStoppedState, type Writing } from "./stopped-state.ts";

/** Throws unless rsync is on PATH and the local source of an upload exists: before anything is sent. */
export function preflight(localSource: string | undefined, tag: string | undefined): void {
  if (findExecutable("rsync") === undefined) throw rsyncMissingLocally(tag);
  const path = localSource === undefined ? undefined : expandHome(localSource);
  if (path === undefined) return;
  if (localKind(path) === undefined) throw localSourceMissing(path, tag);
  const special = localSpecial(path);
  if (special !== undefined) throw specialSource("local", path, special, tag);
}

/** `host.upload`: copies a local file or directory to `remotePath` on `host` (see `planPaths` for where it lands). */
export async function upload(
  scopedHost: Host<unknown>,
  localSource: string,
  destination: string,
  call: UploadOptions = {},
): Promise<TransferResult> {
  assertTransferOptions("upload", localSource, destination, call, "host");
  const source = expandHome(localSource);
  preflight(source, scopedHost.commandPrefix);
  const [remotePath, options] = scoped(scopedHost, destination, call);
  const host = unscoped(scopedHost);
  if (options.delete === true && localKind(source) === "dir") assertMirrorTarget("upload", source, remotePath);
  const password = (options.becomeRoot ?? false) && host.user !== "root" ? passwordFor(options) : undefined;
  const shown = asWritten(destination, remotePath);
  if (password !== undefined) return stagedUpload(host, source, remotePath, options, password, shown);
  const becomeRoot = options.becomeRoot ?? false;
  const plan = planPaths(localPath(source), localKind(source) === "dir", remotePath);
  const isFile = !plan.source.endsWith("/") && !plan.destination.endsWith("/");
  // A file onto a symlink goes where it leads, one writable only in place so, and a new one named as a pattern under
  // a link of its name, each in a run of its own: all within one deadline.
  const { left, timedOut } = deadline(options.timeout, "upload", host.commandPrefix);
  const started = performance.now();
  let named: NamedLink | undefined;
  let writing: Writing = plan.source.endsWith("/") ? "dir" : "file";
  return throughLink((again) => {
    if (again?.inPlace === true) writing = "in-place";
    const at = again?.target === undefined ? plan : planPaths(plan.source, false, again.target);
    const to = again?.named === true ? (named ??= namedLink(plan.source, at.destination, host.commandPrefix)).plan : at;
    // A run in place, or under its name, checks nothing again.
    const file = isFile && again?.inPlace !== true && again?.named !== true ? to.destination : undefined;
    const inPlace = again?.inPlace === true ? IN_PLACE : [];
    const argv = [...rsyncOptions({ ...to, remoteDir: to.dir, becomeRoot, file }, options), ...inPlace];
    // The host's rsync reads its destination as a pattern: escaped, it names itself (made first, if a directory).
    const paths = [to.source, remoteSpec(host, literalSource(to.destination))] as const;
    return rsync(host, "upload", argv, paths, [source, shown], { ...options, timeout: left() }, { started });
  })
    .catch((error: unknown) =>
      restoreRemoteMode(host, plan.dir, { becomeRoot }, withStoppedState(timedOut(error), shown, writing)),
    )
    .finally(() => named?.remove());
}

/** `host.download`: copies a file or directory on `host` to `localPath` here (see `planPaths`). */
export async function download(
  scopedHost: Host<unknown>,
  source: string,
  localDestination: string,
  call: DownloadOptions = {},
): Promise<TransferResult> {
  assertTransferOptions("download", source, localDestination, call, "host");
  const destination = expandHome(localDestination);
  preflight(undefined, scopedHost.commandPrefix);
  const [remotePath, options] = scoped(scopedHost, source, call);
  const host = unscoped(scopedHost);
  const dryRun = options.dryRun ?? isDryRun();
  const started = performance.now();
  // The listing and the copy share one deadline; the copy's stop says what it left (`writing`).
  const { left, timedOut } = deadline(options.timeout, "download", host.commandPrefix);
  const late = (error: unknown, writing: Writing): never => {
    throw withStoppedState(timedOut(error), destination, writing);
  };
  // Whether the source is a directory decides the paths; a dry run does not ask, and shows the source as written.
  const listed = dryRun
    ? undefined
    : await remoteEntry(host, remotePath, { ...options, left }).catch((e) => late(e, "none"));
  const special = listed === undefined ? undefined : listedSpecial(listed);
  if (special !== undefined) throw specialSource("remote", remotePath, special, host.commandPrefix);
  const isDir = listed === undefined ? remotePath.endsWith("/") : listed.startsWith("d");
  // A dry run that cannot know whether a directory would be refused says so after the command.
  const refused = options.delete === true ? mirrorRefusal("download", remotePath, destination) : undefined;
  if (refused !== undefined && isDir) throw refused;
  const asked = planPaths(remotePath, isDir, localPath(destination));
  // A file onto a symlink here goes where it leads.
  const through = isDir || asked.destination.endsWith("/") ? undefined : localLinkTarget(asked.destination);
  const plan = through === undefined ? asked : planPaths(remotePath, false, through);
  // A directory mirrored into one that exists leaves it its own mode, as an upload does on the host.
  const kept = isDir && !dryRun ? keptMode(plan.dir) : undefined;
  if (!dryRun) makeLocalDir(plan.dir, host.commandPrefix);
  const argv = rsyncOptions({ ...plan, becomeRoot: options.becomeRoot ?? false }, { ...options, mode: undefined });
  const done = await rsync(
    host,
    "download",
    argv,
    [remoteSpec(host, literalSource(plan.source)), plan.destination],
    [asWritten(source, remotePath), destination],
    { ...options, timeout: left() },
    { started },
  )
    .catch((error: unknown) => late(error, isDir ? "dir" : "file"))
    .finally(() => restoreMode(plan.dir, kept));
  if (dryRun && !isDir)
    await printer().line(host.commandPrefix, unaskedShape(source, plan.destination, refused?.message));
  return done;
}

/** Where a group download puts one host's copy: `localPath/<host tag>/`. */
export function perHostDir(localDir: string, tag: string): string {
  return `${posix.join(localDir, tag)}/`;
}

/**
 * Refuses hosts that share a tag (their downloads would land in one folder and overwrite each other) and tags that are
 * no folder name of their own (`web/1` nests, `..` leaves `localPath`).
 */
export function assertDistinctTags(hosts: readonly { readonly commandPrefix: string; toString(): string }[]): void {
  const seen = new Map<string, string>();
  for (const host of hosts) {
    if (host.commandPrefix.includes("/") || host.commandPrefix === "." || host.commandPrefix === "..") {
      throw new TypeError(
        `group.download(): ${String(host)} has the tag "${host.commandPrefix}", which is no folder name under ` +
          "localPath; give it a commandPrefix without `/` (and not `.` or `..`)",
      );
    }
    const other = seen.get(host.commandPrefix);
    if (other !== undefined) {
      throw new TypeError(
        `group.download(): ${other} and ${String(host)} share the tag "${host.commandPrefix}", so their files would ` +
          "land in one folder; give each host a commandPrefix of its own",
      );
    }
    seen.set(host.commandPrefix, String(host));
  }
}
