/** Where a host is in its reboot; "waiting": its turn had not come (a limit). */
export type RebootPhase = "waiting" | "checking" | "rebooting" | "down" | "up" | "ssh ok" | "failed";

/**
 * How a host's reachability is watched: ping; a TCP connect to its ssh port when it never answered ping or this
 * machine has no ping; or ssh itself (new connections reading the boot id) when ssh reaches it through a jump host or
 * proxy (ProxyJump, ProxyCommand).
 */
export type ProbeKind = "ping" | "tcp" | "ssh";

/** When each phase began, in ms since the epoch; a phase that was not seen is absent. */
export type PhaseTimes = {
  /** The host's turn began (its first check). */
  readonly started: number;
  /** The reboot command was sent. */
  readonly rebooting?: number;
  /** The host stopped answering. */
  readonly down?: number;
  /** It answered again. */
  readonly up?: number;
  /** It accepted ssh with a new boot id. */
  readonly sshOk?: number;
};

/** What `reboot` writes progress to; a terminal (`isTTY`) gets a redrawn line per host. */
export type ProgressStream = {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
};

/** Options of `reboot`. Durations are in seconds, as on the command line. */
export type RebootOptions = {
  /** Seconds each host may take, from its first check until it accepts ssh with a new boot id. @default 600 */
  readonly timeout?: number;
  /** How many hosts reboot at once. @default what every group call does: `dk --limit N` when given, else Infinity */
  readonly limit?: number;
  /** Seconds between two probes of a host. @default 1 */
  readonly probeInterval?: number;
  /**
   * Seconds a probe (ping, or TCP connect to the ssh port) waits for an answer; a host watched over ssh (behind a jump
   * host) gets `connectTimeout` instead. @default 1
   */
  readonly probeTimeout?: number;
  /** Seconds ssh waits to connect (`ConnectTimeout`); whole seconds. @default 10 */
  readonly connectTimeout?: number;
  /**
   * The command that reboots a host, run as root one second after its ssh session ends; a login user other than root
   * runs it through `sudo -n`, or `sudo -S` given a sudo password (`setSudoPassword`, `dk --ask-sudo-password`).
   * @default "reboot"
   */
  readonly command?: string;
  /** Where progress and the summary go. @default process.stdout */
  readonly output?: ProgressStream;
  /** A redrawn line per host (true) or tagged lines per phase change (false). @default output.isTTY */
  readonly tty?: boolean;
  /** Aborting it stops the waiting: hosts not back yet fail as interrupted. @default Ctrl-C (SIGINT) and SIGTERM */
  readonly signal?: AbortSignal;
  /**
   * Print what would be done instead of doing it.
   * @default `isDryRun()` from @deploykit/core (true under `dk --dry-run`)
   */
  readonly dryRun?: boolean;
};

/** One host that rebooted and came back. */
export type RebootResult = {
  /** The host's tag (its `commandPrefix`). */
  readonly host: string;
  readonly bootIdBefore: string;
  readonly bootIdAfter: string;
  readonly probe: ProbeKind;
  /** False when it went down and came back between two probes: then only the new boot id showed the reboot. */
  readonly downSeen: boolean;
  readonly durationMs: number;
  readonly times: PhaseTimes;
  /** True when nothing was done (`dryRun`); the boot ids are then empty. */
  readonly dryRun: boolean;
};
