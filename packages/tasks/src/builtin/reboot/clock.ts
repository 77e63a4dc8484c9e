import { setTimeout as sleep } from "node:timers/promises";

/** One host's time budget: elapsed time, the deadline, and sleeps that end early at the deadline or on abort. */
export class Clock {
  readonly #start = performance.now();
  constructor(
    readonly timeoutMs: number,
    readonly signal?: AbortSignal,
  ) {}

  elapsed(): number {
    return performance.now() - this.#start;
  }

  remaining(): number {
    return Math.max(0, this.timeoutMs - this.elapsed());
  }

  expired(): boolean {
    return this.remaining() === 0;
  }

  aborted(): boolean {
    return this.signal?.aborted === true;
  }

  /** `ms`, capped by what is left of the budget and never below `floor` (a probe needs some time to mean anything). */
  budget(ms: number, floor = 500): number {
    return Math.max(floor, Math.min(ms, this.remaining()));
  }

  /** Sleeps `ms` or until the deadline or an abort, whichever comes first. */
  async sleep(ms: number): Promise<void> {
    await sleep(Math.min(ms, this.remaining()), undefined, { signal: this.signal }).catch(() => {});
  }
}
