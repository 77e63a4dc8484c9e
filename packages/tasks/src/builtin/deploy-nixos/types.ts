import type { DetachMode } from "./activation.ts";
import type { OnInterrupt } from "./on-interrupt.ts";

/** What `nixos-rebuild` does with the new system. */
export type NixosAction = "switch" | "boot" | "test" | "build" | "dry-activate";

/** Per-host data `deployNixos` reads from `host.meta`. */
export type NixosMeta = {
  /** The `nixosConfigurations` attribute to build. Only for flakes. @default the host's hostname */
  readonly flakeAttr?: string;
  /**
   * Where `nixos-rebuild` activates the system, as `[user@]host`; `localhost` is the host itself. Another machine
   * takes `rollback: false`, no `reboot` and no `diff`: they act on the host dk logs into. @default "localhost"
   */
  readonly targetHost?: string;
  /**
   * Absolute directory on the host that receives the configuration (mirrored: files not in the source are deleted).
   * @default "/etc/nixos"
   */
  readonly configDir?: string;
  /**
   * The command (run as root by bash on the host) that must succeed before dk confirms an activation. @default
   * `systemctl is-system-running --wait`, "running" or "degraded" accepted (nothing on hosts without systemd)
   */
  readonly healthCheck?: string;
  /** Tags for selection (`group.select("@web")`, `dk --on @web`). */
  readonly tags?: readonly string[];
};

/** Options of `deployNixos`. */
export type DeployNixosOptions = {
  /** Local directory to ship, holding `flake.nix` or `configuration.nix` (dk passes the directory of tasks.ts). */
  readonly source: string;
  /** @default "switch" */
  readonly action?: NixosAction;
  /**
   * rsync patterns, each excluding what it matches (`!` or a leading `+ ` too, taken as they are), on top of
   * `.rsync-filter` files. @default []
   */
  readonly excludes?: readonly string[];
  /** Extra arguments appended to `nixos-rebuild`, one element per argument (e.g. `["--show-trace"]`). @default [] */
  readonly extraArgs?: readonly string[];
  /** How many hosts deploy at once. @default Infinity */
  readonly concurrency?: number;
  /** Print the per-host summary to stdout when all hosts are done. @default true */
  readonly summary?: boolean;
  /**
   * Magic rollback for `switch` and `test`: the host goes back to the generation it ran before unless dk confirms,
   * over a new ssh connection and after the health check, within `confirmTimeout`. @default true
   */
  readonly rollback?: boolean;
  /** Seconds the host waits for the confirmation before it rolls back by itself. @default 30 */
  readonly confirmTimeout?: number;
  /** Seconds the health check may take. @default 60 */
  readonly healthTimeout?: number;
  /**
   * How the activation is detached from the ssh session.
   * @default "auto": systemd-run where systemd runs, else setsid
   */
  readonly detach?: DetachMode;
  /**
   * Hosts per batch: a number, or a share of the hosts (`"25%"`); a batch starts when the last one is done.
   * @default all of them
   */
  readonly batch?: number | string;
  /** A host (name, `user@name:port` or tag prefix) deployed first, alone: if it fails, no other host is touched. */
  readonly canary?: string;
  /** No new host starts once this many have failed; hosts already started finish. @default Infinity */
  readonly maxFailures?: number;
  /** After `boot`: reboot each host (the built-in reboot) and check that it runs the new system. @default false */
  readonly reboot?: boolean;
  /** Seconds a host may take to reboot and come back (`reboot`). @default 600 */
  readonly rebootTimeout?: number;
  /** Before activating, print per host what changes: `nvd diff` when installed, else `nix store diff-closures`. */
  readonly diff?: boolean;
  /**
   * What Ctrl-C (SIGINT) does to activations still running on hosts. `"stop"`: the activation script on each host
   * stops nixos-rebuild and, with a rollback armed, goes back to the system it ran before (an unarmed switch already
   * under way is let finish); dk waits up to 15 s for that. `"leave"`: it keeps running; an armed one rolls back by
   * itself since nobody confirms it; dk prints how to follow it. `"ask"`: one question for all hosts on a terminal
   * (stdin and stderr), else `"stop"`. SIGTERM does the same, never asking. Hosts not yet started are skipped.
   * @default "ask"
   */
  readonly onInterrupt?: OnInterrupt;
};

/** How a host's deployment ended. */
export type DeployOutcome = "confirmed" | "activated" | "rebooted" | "built";

/** One host's successful deployment. */
export type Deployment = {
  /** confirmed (armed rollback confirmed), activated (no rollback armed), rebooted (`boot` + `reboot`), built. */
  readonly outcome: DeployOutcome;
  /** The system the host runs (or boots into) now, as the host says. */
  readonly system: string;
  /** How many times dk re-attached to the activation after a dropped connection. */
  readonly reattached: number;
  /** The directory on the host that now holds the configuration. */
  readonly configDir: string;
  /** The `nixos-rebuild` argv that ran on the host (before sudo). */
  readonly rebuild: readonly string[];
  readonly durationMs: number;
};

/** Everything one host's deployment needs, resolved and validated before anything is sent. */
export type HostPlan = {
  readonly configDir: string;
  /**
   * The rsync argv with the host's ssh options (`host.sshArgs()`: its shared connection is known only at run time):
   * into the config dir as root, or into `stage` on the host as the login user; `idleS` is rsync's `--timeout`.
   */
  readonly rsync: (
    sshArgs: readonly string[],
    o?: { readonly stage?: string | undefined; readonly idleS?: number | undefined },
  ) => readonly string[];
  /** The argv, run on the host as root, that mirrors a staged copy at `stage` into the config dir. */
  readonly fromStage: (stage: string, idleS?: number) => readonly string[];
  readonly rebuild: readonly string[];
};
