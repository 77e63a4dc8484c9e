type Core = typeof import("@deploykit/core");

/**
 * The exit code of a failed task, as invoke's: the command's own code when exactly one command failed (one
 * CommandError, or a GroupError with one failed host), else 1. A timeout or a signal has no code of its own.
 */
export function failureExitCode(error: unknown, core: Core): number {
  const failed =
    error instanceof core.CommandError
      ? [error]
      : error instanceof core.GroupError
        ? error.failed.map((result) => result.error)
        : [];
  const [only] = failed;
  if (failed.length !== 1 || !(only instanceof core.CommandError) || only.timedOut || only.interrupted) return 1;
  return Number.isInteger(only.exitCode) && only.exitCode > 0 && only.exitCode < 256 ? only.exitCode : 1;
}
