import { findTool } from "./tools.ts";

/**
 * The argv that runs `argv` so it gets SIGTERM when this process dies, even by SIGKILL, when no clean-up runs: through
 * setpriv (util-linux) when it is installed, else `argv` as it is.
 */
export function dieWithOwner(argv: readonly string[]): string[] {
  const setpriv = findTool("setpriv");
  return setpriv === undefined ? [...argv] : [setpriv, "--pdeathsig", "TERM", "--", ...argv];
}
