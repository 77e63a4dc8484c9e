import { posix } from "node:path";
import type { Host } from "../host.ts";
import type { DownloadOptions } from "../types.ts";

/**
 * What a transfer takes from its host's `with()` defaults: a relative remote path starts at their `cwd` (itself
 * relative to the login user's home when relative, as for `run`), and their `becomeRoot` and `timeout` apply unless
 * the call gives its own. Pure.
 */
export function scoped<O extends DownloadOptions>(host: Host<unknown>, remotePath: string, options: O): [string, O] {
  const { cwd, becomeRoot, timeout } = host.defaults;
  const path = cwd === undefined || posix.isAbsolute(remotePath) ? remotePath : posix.join(cwd, remotePath);
  return [path, { ...options, becomeRoot: options.becomeRoot ?? becomeRoot, timeout: options.timeout ?? timeout }];
}

/** The host without `with()` defaults, for a transfer's own commands (its paths are already resolved). */
export function unscoped(host: Host<unknown>): Host<unknown> {
  if (Object.keys(host.defaults).length === 0) return host;
  const plain: Host<unknown> = Object.create(Object.getPrototypeOf(host) as object);
  return Object.assign(plain, host, { defaults: {} });
}
