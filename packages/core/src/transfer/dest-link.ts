/** What an upload's host script says on stderr, around where its destination leads, when that is a symlink. */
export const LINK_MARK = "dk-dest-link";

/**
 * Shell words that stop the host's side of a file's upload when its destination `file` (a shell word) is a symlink to
 * a regular file or to nothing, saying where the links lead (`readlink -f`, or `-m` where the last directory is missing
 * too): rsync would replace the link with the file, where scp and cp write where it leads. The upload goes there
 * instead (`throughLink`). Where neither can say (no GNU or BusyBox readlink, a loop), rsync's way stands.
 */
export function linkCheck(file: string): string {
  const to = `l=$(readlink -f -- ${file} 2>/dev/null || readlink -m -- ${file} 2>/dev/null) && [ -n "$l" ]`;
  const stop = `{ echo "${LINK_MARK} $l ${LINK_MARK}" >&2; exit 1; }`;
  // Only to a regular file or to nothing: rsync would replace a device or a pipe it leads to (/dev/null) with the file.
  const kind = `{ [ -f ${file} ] || [ ! -e ${file} ]; }`;
  return `if [ -L ${file} ] && ${kind} && ${to}; then ${stop}; fi; `;
}

/** Where the destination's links lead, if a failed upload (`error`) stopped for them (`linkCheck`). Pure. */
export function linkTarget(error: unknown): string | undefined {
  // A `TransferError` holds rsync's `CommandError` as its cause; a staged step's is that itself.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const stderr = cause instanceof Error && "stderr" in cause ? String(cause.stderr) : "";
  return new RegExp(`^${LINK_MARK} ([^]*?) ${LINK_MARK}$`, "m").exec(stderr)?.[1];
}

/**
 * Runs an upload of a file (`attempt(undefined)`, its host script checking the destination); when that is a symlink,
 * again to where it leads (`attempt(target)`), once: that target is no symlink, by `readlink -f`.
 */
export async function throughLink<T>(attempt: (target: string | undefined) => Promise<T>): Promise<T> {
  return attempt(undefined).catch((error: unknown) => {
    const target = linkTarget(error);
    if (target === undefined) throw error;
    return attempt(target);
  });
}
