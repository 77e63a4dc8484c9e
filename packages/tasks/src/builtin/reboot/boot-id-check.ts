import { readBootId, type BootIdRead } from "./remote.ts";
import type { HostRun } from "./sequence.ts";

// A read under way for less than this is not yet one that hangs, however quick the others were.
const STUCK_MS = 1000;

/**
 * Boot-id reads over ssh that run beside the probes, at most `max` at a time: an ssh to a host that is going down
 * can hang until its timeout, and the probes must keep their pace meanwhile to see it go down and come back. A host
 * watched over ssh alone has no other probe: a second read then tells what the hanging one cannot.
 */
export class BootIdCheck {
  readonly #running = new Map<AbortController, Promise<void>>();
  // When each running read began, and how long the last one to finish took (ms of the host's clock).
  readonly #began = new Map<AbortController, number>();
  #lastTookMs = 0;
  readonly #results: BootIdRead[] = [];

  constructor(
    readonly run: HostRun,
    readonly max = 1,
  ) {}

  /** Starts a read unless `max` are running or a result has not been taken yet. */
  start(): void {
    if (this.#running.size >= this.max || this.#results.length > 0) return;
    const controller = new AbortController();
    const outer = this.run.options.signal;
    const signal = outer === undefined ? controller.signal : AbortSignal.any([outer, controller.signal]);
    const { clock } = this.run;
    const read = readBootId(this.run.host, this.run.options, clock, signal, this.run.status).then((result) => {
      // A cancelled read's answer is dropped: it talked to a host that has gone since.
      if (!this.#running.delete(controller)) return;
      this.#lastTookMs = clock.elapsed() - this.#began.get(controller)!;
      this.#began.delete(controller);
      this.#results.push(result);
    });
    this.#running.set(controller, read);
    this.#began.set(controller, clock.elapsed());
  }

  /** Resolves when a result is there to take, or a running read finishes (never, when none runs). */
  finished(): Promise<void> {
    if (this.#results.length > 0) return Promise.resolve();
    return this.#running.size === 0 ? new Promise(() => {}) : Promise.race(this.#running.values());
  }

  /**
   * Whether a read under way has taken far longer than reads here do (over a second, and twice the last finished
   * one): it hangs (a slow login), where a younger one is only the latest try, not yet refused as the others were.
   */
  stuck(): boolean {
    const oldest = Math.min(...this.#began.values());
    return this.run.clock.elapsed() - oldest > Math.max(STUCK_MS, 2 * this.#lastTookMs);
  }

  /** The oldest finished read, once. */
  take(): BootIdRead | undefined {
    return this.#results.shift();
  }

  /** Abandons the running reads (their connections belong to a host that has just gone away) and kills their ssh. */
  cancel(): void {
    for (const controller of this.#running.keys()) controller.abort();
    this.#running.clear();
    this.#began.clear();
    this.#results.length = 0;
  }
}
