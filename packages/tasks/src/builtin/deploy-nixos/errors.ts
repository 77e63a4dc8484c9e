/** What stopped a deployment before anything was sent. */
export type DeployProblem = "rsync-missing" | "source-missing" | "no-configuration" | "flake-attr-without-flake";

/** The deployment cannot start: nothing was sent to any host. The message says what to do. */
export class DeployNixosError extends Error {
  override readonly name = "DeployNixosError";
  constructor(
    readonly problem: DeployProblem,
    message: string,
    /** The local path concerned (the source directory), when there is one. */
    readonly path?: string,
  ) {
    super(message);
  }
}

/** The step of a host's deployment that failed. */
export type DeployStep = "lock" | "rsync" | "diff" | "nixos-rebuild" | "confirm" | "reboot" | "skipped";

/** What the failure left the host with. */
export type FailureOutcome =
  | "failed"
  | "rolled back"
  | "rollback failed"
  | "unreachable"
  | "skipped"
  // Ctrl-C: the activation was stopped, could not be, or was left running on the host.
  | "stopped"
  | "stop failed"
  | "left running";

/** One host's deployment failed; `cause` is the underlying error (usually core's `CommandError`). */
export class HostDeployError extends Error {
  override readonly name = "HostDeployError";
  readonly host: string;
  readonly step: DeployStep;
  /**
   * "rolled back": the host went back to the generation it ran before; "skipped": it was never touched; "stopped",
   * "stop failed", "left running": what Ctrl-C did to its activation.
   */
  readonly outcome: FailureOutcome;
  readonly durationMs: number;
  /** Why, in one line, without the host (what `GroupError` lists). */
  readonly reason: string;

  constructor(
    detail: { host: string; step: DeployStep; outcome?: FailureOutcome; durationMs: number; reason: string },
    options?: ErrorOptions,
  ) {
    super(`[${detail.host}] ${detail.reason}`, options);
    this.host = detail.host;
    this.step = detail.step;
    this.outcome = detail.outcome ?? "failed";
    this.durationMs = detail.durationMs;
    this.reason = detail.reason;
  }
}

/** Inside a host's deployment: the step that stopped it and what the host was left with; becomes a HostDeployError. */
export class DeployStop extends Error {
  override readonly name = "DeployStop";
  constructor(
    readonly step: DeployStep,
    readonly outcome: FailureOutcome,
    message: string,
  ) {
    super(message);
  }
}
