import { posix } from "node:path";
import type { Host } from "../host.ts";
import type { CommandResult, DownloadOptions } from "../types.ts";
import { noHomeReason } from "./no-home.ts";
import { literalSource, remoteSpec, rsyncPath } from "./rsync-argv.ts";
import { runRsync } from "./run-rsync.ts";
import { TransferError } from "./transfer-error.ts";

type Call = Pick<DownloadOptions, "becomeRoot" | "signal"> & { readonly left: () => number | undefined };

/**
 * A download's source as the host's rsync lists it, as the transfer will run it (through sudo for becomeRoot): `-d`
 * the entry itself, `-L` what a symlink points to. A missing or unreadable source fails here, with rsync's words; a
 * symlink to nothing, and a file taken for a directory (`notes.txt/`), are said as such, as for a local source (rsync
 * says only that the name does not exist, or that it cannot change into a directory). A relative path in a session
 * that could not enter the home (it starts at /) fails, naming the home.
 */
export async function remoteEntry(host: Host<unknown>, path: string, call: Call): Promise<string> {
  const listed = await listing(host, path, call, "-L").catch(async (error: unknown) => {
    if (!(error instanceof TransferError)) throw error;
    throw homeless(host, path, error.cause, error) ?? (await explained(host, path, call, error));
  });
  const lost = homeless(host, path, listed);
  if (lost !== undefined) throw lost;
  return listed.stdout;
}

// A relative `path` in a session that could not enter the home (what `ran`, a result or an error, printed says so).
function homeless(host: Host<unknown>, path: string, ran: unknown, cause?: unknown): TransferError | undefined {
  const stderr = typeof ran === "object" && ran !== null && "stderr" in ran ? String(ran.stderr) : "";
  const reason = noHomeReason(path, stderr);
  return reason === undefined ? undefined : new TransferError("failed", reason, host.commandPrefix, { cause });
}

// The failed listing's error, said as what it is where rsync's words do not say it.
async function explained(host: Host<unknown>, path: string, call: Call, error: TransferError): Promise<TransferError> {
  const through = /change_dir "(.*)" failed: Not a directory/.exec(error.reason)?.[1];
  if (through !== undefined) return fileOnPath(host, path, through, call, error);
  // (A loop of symlinks is said as such already.)
  if (!/No such file or directory/.test(error.reason)) return error;
  const entry = await listing(host, path, call, "-l").then(
    (r) => r.stdout,
    () => "",
  );
  if (!entry.startsWith("l")) return error;
  // "lrwxrwxrwx 20 2026/01/01 00:00:00 name -> target", the name as rsync shows it (escaped, it is not found).
  const name = `${posix.basename(path)} -> `;
  const at = entry.indexOf(name);
  const why = at < 0 ? "nothing that exists" : `${entry.slice(at + name.length).trimEnd()}, which does not exist`;
  return new TransferError("source-missing", `the remote source ${path} is a symlink to ${why}`, host.commandPrefix);
}

// A source that takes a file for a directory (`notes.txt/`), said as a local source's is: rsync named `dir`, the file
// or a directory under it.
async function fileOnPath(host: Host<unknown>, path: string, dir: string, call: Call, error: TransferError) {
  // `dir` itself lists as a file, or fails to list since one above it is.
  const isFile = !(
    await listing(host, dir, call, "-L").then(
      (r) => r.stdout,
      () => "d",
    )
  ).startsWith("d");
  const drop = dir === path.replace(/\/+$/, "") ? " (drop the trailing /)" : "";
  const why = isFile ? `${dir} is a file, not a directory${drop}` : `a part of ${dir} is a file, not a directory`;
  const reason = `the remote source ${path} does not exist: ${why}`;
  return new TransferError("source-missing", reason, host.commandPrefix, { cause: error.cause });
}

// One listing of `path` by the host's rsync; `links` says how a symlink is listed (`-L` followed, `-l` as a link).
async function listing(host: Host<unknown>, path: string, call: Call, links: "-L" | "-l"): Promise<CommandResult> {
  const args = [
    "--list-only",
    "-d",
    links,
    "--protect-args",
    // `dir/` lists dir's entries too (each one stat'ed, a symlink to nothing failing with -L): only `.` is wanted.
    ...(path.endsWith("/") ? ["--exclude=*"] : []),
    ...rsyncPath({ becomeRoot: call.becomeRoot ?? false }),
    remoteSpec(host, literalSource(path)),
  ];
  const { becomeRoot, signal } = call;
  const run = { quiet: true, stdout: "pipe", stderr: "pipe", timeout: call.left(), signal, becomeRoot } as const;
  return runRsync(host, "download", args, run);
}
