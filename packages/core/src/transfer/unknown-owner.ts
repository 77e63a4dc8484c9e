import { TransferError } from "./transfer-error.ts";

/**
 * An upload's `owner` or `group` the host does not know: rsync only warns, exits 0 and leaves the files to the user it
 * runs as there. A transfer that did not do what was asked is a failure, named as such.
 */
export function unknownOwner(stderr: string, host: string): TransferError | undefined {
  const unknown = [...stderr.matchAll(/^Unknown --(user|group)map name on receiver: (.*)$/gm)];
  if (unknown.length === 0) return undefined;
  const names = unknown.map(([, kind, name]) => `${kind} \`${name!.trim()}\``);
  return new TransferError(
    "failed",
    `the host has no ${names.join(" and no ")}: rsync sent the files but left them owned by the user it ran as ` +
      "there; create it on the host (or give a numeric id) and upload again",
    host,
  );
}
