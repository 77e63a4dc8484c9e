/** A lease kept alive (renewal.ts): `stop` once done with it. */
export type Renewal = {
  /**
   * Starts no renewal from now on and waits for one in flight, which `abort` stops first (the host lost, Ctrl-C): once
   * it returns, nothing of the renewal runs.
   */
  stop(abort?: boolean): Promise<void>;
};

/**
 * Runs `renew` every `everyMs` ms, one at a time (the next is timed from the end of the last), until `stop`. A renewal
 * that fails is let go: it only shortens the lease.
 */
export function keepRenewing(renew: (signal: AbortSignal) => Promise<unknown>, everyMs: number): Renewal {
  const controller = new AbortController();
  let stopped = false;
  let inFlight: Promise<unknown> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const next = () => {
    timer = setTimeout(() => {
      inFlight = renew(controller.signal)
        .catch(() => undefined)
        .finally(() => {
          inFlight = undefined;
          if (!stopped) next();
        });
    }, everyMs);
    // The lease is no reason to keep dk running.
    timer.unref();
  };
  next();
  return {
    async stop(abort = false) {
      stopped = true;
      clearTimeout(timer);
      if (abort) controller.abort();
      await inFlight;
    },
  };
}
