import type { HostKeyCheck } from "../types.ts";

/** The connection settings `sshArgv` needs. */
export type SshTarget = {
  readonly hostname: string;
  readonly user?: string | undefined;
  readonly port?: number | undefined;
  readonly key?: string | undefined;
  readonly forwardAgent?: boolean | undefined;
  readonly hostKeyCheck: HostKeyCheck;
  /** True when `hostKeyCheck` is the "strict" default, not chosen: the user's ssh config may then decide. */
  readonly hostKeyCheckDefaulted?: boolean | undefined;
  readonly verboseSsh?: boolean | undefined;
  readonly sshOptions: readonly string[];
};

/** The `-o` options for a host-key policy. */
export function hostKeyOptions(check: HostKeyCheck, verbose = false): string[] {
  switch (check) {
    case "strict":
      return ["-o", "StrictHostKeyChecking=yes"];
    case "tofu":
      return ["-o", "StrictHostKeyChecking=accept-new"];
    case "none":
      return [
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "GlobalKnownHostsFile=/dev/null",
        // Silences "Permanently added ... to the list of known hosts" on every run.
        ...(verbose ? [] : ["-o", "LogLevel=ERROR"]),
      ];
  }
}

/**
 * The ssh options for `target`, without destination or command (rsync's `-e` takes these too); without `hostKeys`,
 * ssh's own configuration decides the host-key policy. Pure.
 */
export function sshOptionArgs(target: SshTarget, { hostKeys = true }: { readonly hostKeys?: boolean } = {}): string[] {
  return [
    // The user's options come first: ssh keeps the first value it sees for each option.
    ...target.sshOptions,
    ...(target.port === undefined ? [] : ["-p", String(target.port)]),
    ...(target.key === undefined ? [] : ["-i", target.key]),
    ...(target.forwardAgent ? ["-A"] : []),
    ...(target.verboseSsh ? ["-v"] : []),
    ...(hostKeys ? hostKeyOptions(target.hostKeyCheck, target.verboseSsh) : []),
    ...(target.user === undefined ? [] : ["-l", target.user]),
  ];
}

/** The full `ssh` argv that runs `remoteCommand` on `target` with `options` (see `connectionArgs`). Pure: no I/O. */
export function sshArgv(target: SshTarget, remoteCommand: string, options: readonly string[]): string[] {
  // `--` ends ssh's options, so no hostname can ever be read as one.
  return [...options, "--", target.hostname, remoteCommand];
}
