import { INSTALL, IN_THE_WAY, TransferError } from "./transfer-error.ts";

/** rsync is not on this machine's PATH. */
export function rsyncMissingLocally(host: string | undefined): TransferError {
  return new TransferError(
    "rsync-missing-local",
    `rsync is not installed on this machine (not on PATH); install it ${INSTALL}`,
    host,
  );
}

/** The local directory a download writes into cannot be made: a file is in the way, or no permission. */
export function localDirFailed(error: unknown, dir: string, host: string | undefined): TransferError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EEXIST" || code === "ENOTDIR") {
    return new TransferError("failed", `cannot make the local directory ${dir}: ${IN_THE_WAY}`, host, { cause: error });
  }
  const kind = code === "EACCES" || code === "EPERM" ? "permission-denied" : "failed";
  return new TransferError(kind, `cannot make the local directory ${dir}: ${String(error)}`, host, { cause: error });
}

/** The local source of an upload does not exist. */
export function localSourceMissing(path: string, host: string | undefined): TransferError {
  return new TransferError("source-missing", `the local source ${path} does not exist`, host);
}
