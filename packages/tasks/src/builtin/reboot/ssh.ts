import { CommandError, type Host } from "@deploykit/core";

/** How one quiet ssh run ended. */
export type SshOutcome = {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly interrupted: boolean;
  /** Core's one line on why the run failed, when it did not end with an exit status of the command (e.g. ssh could not start). */
  readonly reason?: string;
};

export type SshRunOptions = {
  /** Through sudo unless the login user is root (`becomeRoot`). */
  readonly sudo: boolean;
  readonly connectTimeoutS: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
};

/**
 * Runs `command` on `host` through `host.run`, quietly (probes repeat every second and the progress display owns the
 * terminal) and over a connection of its own: a shared one may have died with the host.
 */
export async function sshQuiet(host: Host<unknown>, command: string, o: SshRunOptions): Promise<SshOutcome> {
  try {
    const r = await host.run(command, {
      quiet: true, stdout: "pipe", stderr: "pipe", check: false, dryRun: false, becomeRoot: o.sudo,
      freshConnection: true, connectTimeout: o.connectTimeoutS, batchMode: true, timeout: o.timeoutMs,
      ...(o.signal === undefined ? {} : { signal: o.signal }),
    });
    return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, timedOut: false, interrupted: false };
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    const { exitCode, stdout, stderr, timedOut, interrupted, reason } = error as CommandError;
    return { exitCode, stdout, stderr, timedOut, interrupted, reason };
  }
}

/** The line that explains a failed ssh run, for messages. */
export function sshFailureLine(outcome: SshOutcome): string {
  if (outcome.timedOut) return "ssh did not finish in time";
  const line = outcome.stderr.split("\n").filter((l) => l.trim() !== "").at(-1)?.trim();
  if (line !== undefined) return `${line} (exit ${outcome.exitCode})`;
  return outcome.reason ?? `ssh exited with ${outcome.exitCode}`;
}
