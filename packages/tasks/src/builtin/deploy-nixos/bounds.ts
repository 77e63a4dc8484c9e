/**
 * How long a short step on the host may take (taking the lock, the staged copy's mktemp, sudo check, copy from the
 * staging directory and its removal), and how long an rsync may move no data: past it, the host hangs in that step.
 */
export const STEP_MS = 60_000;
