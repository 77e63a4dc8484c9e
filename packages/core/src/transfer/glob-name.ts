import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { atExit } from "../run/process-groups.ts";
import { localPath, planPaths, type PathPlan } from "./paths.ts";
import { nameTooLong } from "./rsync-causes.ts";
import { shown } from "./stats.ts";
import { TransferError } from "./transfer-error.ts";

/** What an upload's host script says on stderr when its file destination is new and named with `*`, `?` or `[`. */
export const GLOB_NAME_MARK = "dk-glob-name";

/**
 * Shell words that stop the host's side of a file's upload when its destination `file` (a shell word) does not exist
 * and its own name holds `*`, `?` or `[`: the host's rsync reads its destination as a pattern (`literalSource`), which,
 * escaped, names only what exists; unescaped it wrote over whatever matched (`*` over another file there). The upload
 * then sends the file under that name into its directory (`namedLink`).
 */
export function globNameCheck(file: string): string {
  const stop = `{ echo ${GLOB_NAME_MARK} >&2; exit 1; }`;
  // Only its own name: escaped, a pattern in a directory's name names that directory, which `mkdir -p` made first.
  return `b=${file}; case \${b##*/} in *[*?[]*) [ -e ${file} ] || [ -L ${file} ] || ${stop};; esac; `;
}

/** A run's paths from a link here named as its destination, and the link's removal. */
export type NamedLink = { readonly plan: PathPlan; readonly remove: () => void };

/**
 * The paths that upload the file `source` (absolute) as the new file `destination` on the host, whose name holds
 * `*`, `?` or `[`: into its directory, from a symlink here of that name in a private directory of its own (rsync names
 * a file it sends into a directory as its sender lists it, never as a pattern; `--copy-links` sends what it leads to).
 * A name too long for a file system here (and so on most hosts) is a `TransferError` of the host's `tag`.
 */
export function namedLink(source: string, destination: string, tag: string): NamedLink {
  const dir = mkdtempSync(join(tmpdir(), "dk-name-"));
  const link = join(dir, posix.basename(destination));
  // Removed at the process's exit too: a Ctrl-C ends it before the upload's own removal.
  const remove = atExit(() => rmSync(dir, { recursive: true, force: true }));
  try {
    symlinkSync(source, link);
  } catch (error) {
    remove();
    if ((error as NodeJS.ErrnoException).code !== "ENAMETOOLONG") throw error;
    // Said of the destination, as rsync would: the link here is no path of the caller's.
    const said = `cannot make ${shown(destination)}: File name too long`;
    throw new TransferError("failed", nameTooLong(said), tag, { cause: error });
  }
  return { plan: planPaths(localPath(link), false, `${posix.dirname(destination)}/`), remove };
}
