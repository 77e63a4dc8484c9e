/** Options for a throwaway sshd fleet on loopback. */
export type SandboxOptions = {
  /**
   * How many hosts: one loopback address each, from 127.0.0.2 to .254, then 127.0.1.1 onwards. A fleet needs
   * about one open file per host (FdLimitError when `ulimit -n` is lower). @default 3
   */
  readonly hosts?: number;
  /** Last octet of the first address. @default 2 */
  readonly firstOctet?: number;
  /**
   * Environment for remote sessions (one sshd `SetEnv` line); HOME defaults to a clean directory. `DK_SANDBOX_DIR`
   * (the sandbox's directory) marks each session's processes, so that they end with the sandbox.
   */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra sshd_config lines. */
  readonly sshdConfig?: readonly string[];
};

/** What every sandbox fleet (loopback or network namespaces) offers: how to reach it, its logs, and stop. */
export type FleetAccess = {
  /** The client's private key, authorised on every host. */
  readonly key: string;
  /** `user@host:port,…` for `parseHosts`. */
  readonly spec: string;
  /** Host options that reach the fleet: its key, no host-key checks, no user ssh config. */
  readonly hostOptions: {
    readonly key: string;
    readonly hostKeyCheck: "none";
    readonly sshOptions: readonly string[];
  };
  /** The sshd logs, for failing tests. */
  logs(): string;
  stop(): Promise<void>;
};

/**
 * A running sandbox fleet; `stop()` kills its sshd processes and whatever runs on its hosts (daemons that left their
 * sessions too), and removes its files. A process that dies without its clean-up (SIGKILL, a signal it has no listener
 * for) leaves them to a watcher, which ends them at once; one killed with its watcher, to the next sandbox's start.
 */
export type Sandbox = FleetAccess & {
  /** Working directory holding keys, config, logs and the remote HOME. */
  readonly dir: string;
  readonly port: number;
  /** The login user (the user running the sandbox). */
  readonly user: string;
  readonly addresses: readonly string[];
  /** The remote sessions' HOME. */
  readonly home: string;
  readonly pids: readonly number[];
};
