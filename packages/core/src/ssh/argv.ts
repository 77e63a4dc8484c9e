import type { LeadingLines } from "../output/skip-leading.ts";
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

/**
 * What ssh prints at its default log level on every connection under hostKeyCheck "none", before the command starts:
 * dk's own runs drop these lines, where other ssh calls get `LogLevel=ERROR` (which also hides ssh's reasons for
 * failing: "Unable to negotiate", "Connection closed by", "Timeout, server not responding").
 */
export const ADDED_NOTICE = /^Warning: Permanently added .* to the list of known hosts\.$/;

// ssh's words as it goes without a shared connection it was to use (a master closed or gone as it starts) and
// connects itself, over which the command runs: mux.c's errors before a fallback (its fatal ones end ssh, and stay).
const MUX_FALLBACK = new RegExp(
  [
    "^muxclient: master (hello exchange|forward request) failed$",
    "^mux_client_request_session: (master alive request failed|(read from master|session request) failed: |" +
      "unexpected response from master )",
    "^Master refused session request: ",
    String.raw`^Control socket connect\(.*\): `,
    "^ControlSocket .* already exists, disabling multiplexing$",
  ].join("|"),
);
// ssh's warning of an `-i` key it cannot read, which stays (before the lines dropped).
const KEY_WARNING = /^Warning: Identity file .* not accessible: .*\.$/;

/** ssh's lines before the command that dk drops (`ADDED_NOTICE`, MUX_FALLBACK), past KEY_WARNING. */
export const SSH_NOTICES: LeadingLines = {
  drop: new RegExp(`${ADDED_NOTICE.source}|${MUX_FALLBACK.source}`),
  over: KEY_WARNING,
};

/** What dk drops of ssh's lines before the command where ssh does not print `ADDED_NOTICE` (see keepsNotices). */
export const MUX_NOTICES: LeadingLines = { drop: MUX_FALLBACK, over: KEY_WARNING };

/**
 * Whether dk's own run to `target` keeps ssh at its log level and drops `ADDED_NOTICE` itself: under hostKeyCheck
 * "none", unless ssh has a terminal (it writes the notice there). The same for both transports.
 */
export function keepsNotices(target: Pick<SshTarget, "hostKeyCheck">, tty = false): boolean {
  return !tty && target.hostKeyCheck === "none";
}

/** The `-o` options for a host-key policy; `verbose` keeps ssh's messages (`ADDED_NOTICE` included). */
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
        // Silences ADDED_NOTICE on every run.
        ...(verbose ? [] : ["-o", "LogLevel=ERROR"]),
      ];
  }
}

/** How `sshOptionArgs` sets the host-key policy. */
export type HostKeyArgs = {
  /** False: ssh's own configuration decides the policy. */
  readonly hostKeys?: boolean;
  /** ssh's messages kept at its default level: the caller drops `ADDED_NOTICE` itself. */
  readonly notices?: boolean;
};

/** The ssh options for `target`, without destination or command (rsync's `-e` takes these too). Pure. */
export function sshOptionArgs(target: SshTarget, { hostKeys = true, notices = false }: HostKeyArgs = {}): string[] {
  return [
    // The user's options come first: ssh keeps the first value it sees for each option.
    ...target.sshOptions,
    ...(target.port === undefined ? [] : ["-p", String(target.port)]),
    ...(target.key === undefined ? [] : ["-i", target.key]),
    ...(target.forwardAgent ? ["-A"] : []),
    ...(target.verboseSsh ? ["-v"] : []),
    ...(hostKeys ? hostKeyOptions(target.hostKeyCheck, target.verboseSsh || notices) : []),
    ...(target.user === undefined ? [] : ["-l", target.user]),
  ];
}

/** The full `ssh` argv that runs `remoteCommand` on `target` with `options` (see `connectionArgs`). Pure: no I/O. */
export function sshArgv(target: SshTarget, remoteCommand: string, options: readonly string[]): string[] {
  // `--` ends ssh's options, so no hostname can ever be read as one.
  return [...options, "--", target.hostname, remoteCommand];
}
