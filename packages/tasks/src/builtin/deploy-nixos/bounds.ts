import { CommandError } from "@deploykit/core";
import { DeployStop, type DeployStep } from "./errors.ts";

/**
 * How long a short step on the host may take (taking the lock, the staged copy's mktemp, sudo check, copy from the
 * staging directory and its removal), and how long an rsync may move no data: past it, the host hangs in that step.
 */
export const STEP_MS = 60_000;

/**
 * `run`'s result; a run that hung (its timeout of `ms`, or rsync's `--timeout`: exit code 30) becomes a `DeployStop`
 * of `step` saying `what` hung and what to do. Other failures stay as they are.
 */
export async function bounded<T>(run: Promise<T>, what: string, ms: number, step: DeployStep = "rsync"): Promise<T> {
  try {
    return await run;
  } catch (error) {
    const hung = error instanceof CommandError && !error.interrupted && (error.timedOut || error.exitCode === 30);
    if (!hung) throw error;
    const how = error.timedOut ? `got no answer within ${ms / 1000} s` : `moved no data for ${ms / 1000} s`;
    throw new DeployStop(
      step,
      "failed",
      `${what} ${how}: the host hangs in it (its disk, sudo, its load?); check the host, then deploy again`,
    );
  }
}
