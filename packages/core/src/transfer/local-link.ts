import { lstatSync, readlinkSync, realpathSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

// How many links a path may pass through, as Linux counts them before ELOOP.
const MAX_LINKS = 40;

/**
 * Where a download's file destination here leads when it is a symlink to a regular file or to nothing (through a
 * chain of links): rsync would replace the link with the file, where scp and cp write where it leads, as an upload
 * does on the host (`linkCheck`). Undefined for anything else: no link, a link to a directory (rsync writes into it),
 * to a device or a pipe, a loop.
 */
export function localLinkTarget(path: string): string | undefined {
  if (!isLink(path)) return undefined;
  try {
    const real = realpathSync(path);
    // Only a regular file: rsync would replace a device or a pipe it leads to (/dev/null) with the file.
    return statSync(real).isFile() ? real : undefined;
  } catch {
    // A symlink to nothing (or a loop): its links followed as far as they go.
  }
  let at = path;
  for (let hops = 0; hops < MAX_LINKS && isLink(at); hops++) at = resolve(realDir(dirname(at)), readlinkSync(at));
  return isLink(at) ? undefined : at;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

// A directory with its symlinks resolved, as the kernel reads a link's `..`; as it is where it does not exist.
function realDir(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}
