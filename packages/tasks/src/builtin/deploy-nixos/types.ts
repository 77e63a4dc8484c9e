/** What `nixos-rebuild` does with the new system. */
export type NixosAction = "switch" | "boot" | "test" | "build" | "dry-activate";

/** Per-host data `deployNixos` reads from `host.meta`. */
export type NixosMeta = {
  /** The `nixosConfigurations` attribute to build. Only for flakes. @default the host's hostname */
  readonly flakeAttr?: string;
  /**
   * Where `nixos-rebuild` activates the system, as `[user@]host`; `localhost` is the host itself. @default "localhost"
   */
  readonly targetHost?: string;
  /**
   * Absolute directory on the host that receives the configuration (mirrored: files not in the source are deleted).
   * @default "/etc/nixos"
   */
  readonly configDir?: string;
};

/** Options of `deployNixos`. */
export type DeployNixosOptions = {
  /** Local directory to ship, holding `flake.nix` or `configuration.nix` (dk passes the directory of tasks.ts). */
  readonly source: string;
  /** @default "switch" */
  readonly action?: NixosAction;
  /** rsync exclude patterns (`--exclude=PATTERN` each), on top of `.rsync-filter` files. @default [] */
  readonly excludes?: readonly string[];
  /** Extra arguments appended to `nixos-rebuild`, one element per argument (e.g. `["--show-trace"]`). @default [] */
  readonly extraArgs?: readonly string[];
  /** How many hosts deploy at once. @default Infinity */
  readonly concurrency?: number;
  /** Print the per-host summary to stdout when all hosts are done. @default true */
  readonly summary?: boolean;
};

/** One host's successful deployment. */
export type Deployment = {
  /** The directory on the host that now holds the configuration. */
  readonly configDir: string;
  /** The `nixos-rebuild` argv that ran on the host (before sudo). */
  readonly rebuild: readonly string[];
  readonly durationMs: number;
};

/** Everything one host's deployment needs, resolved and validated before anything is sent. */
export type HostPlan = {
  readonly configDir: string;
  /** The rsync argv with the host's ssh options (`host.sshArgs()`: its shared connection is known only at run time). */
  readonly rsync: (sshArgs: readonly string[]) => readonly string[];
  readonly rebuild: readonly string[];
};
