import { posix } from "node:path";
import type { Host } from "../host.ts";
import type { DownloadOptions } from "../types.ts";
import { homeOf, notExpanded } from "./paths.ts";

/**
 * What a transfer takes from its host's `with()` defaults: a relative remote path starts at their `cwd` (itself
 * relative to the login user's home when relative, as for `run`), and their `becomeRoot` and `timeout` apply unless
 * the call gives its own. `~` and `~/…` are the login user's home, whatever the `cwd`. Pure.
 */
export function scoped<O extends DownloadOptions>(host: Host<unknown>, remotePath: string, options: O): [string, O] {
  const { cwd, becomeRoot, timeout } = host.defaults;
  const anchored = posix.isAbsolute(remotePath) || homeOf(remotePath) !== undefined;
  const path = fromHome(cwd === undefined || anchored ? remotePath : posix.join(cwd, remotePath));
  return [path, { ...options, becomeRoot: options.becomeRoot ?? becomeRoot, timeout: options.timeout ?? timeout }];
}

// rsync, given its paths as they are (--protect-args), expands no `~`: `~/x` made a directory named `~`. A path under
// the login user's home is a relative one to it, where rsync starts; another user's (`~bob/x`) is refused.
function fromHome(path: string): string {
  const home = homeOf(path);
  if (home === undefined) return path;
  if (home !== "") throw notExpanded("remote", path, home);
  return path.length <= 2 ? "." : path.slice(2);
}

/** The host without `with()` defaults, for a transfer's own commands (its paths are already resolved). */
export function unscoped(host: Host<unknown>): Host<unknown> {
  if (Object.keys(host.defaults).length === 0) return host;
  const plain: Host<unknown> = Object.create(Object.getPrototypeOf(host) as object);
  return Object.assign(plain, host, { defaults: {} });
}

/** A remote path as a transfer names it: as written when it starts at the home (`~/x`), else as resolved. Pure. */
export function asWritten(written: string, resolved: string): string {
  return homeOf(written) === undefined ? resolved : written;
}
