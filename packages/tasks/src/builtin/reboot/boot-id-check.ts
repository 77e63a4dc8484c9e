import { readBootId, type BootIdRead } from "./remote.ts";
import type { HostRun } from "./sequence.ts";

/**
 * Boot-id reads over ssh that run beside the probes, at most one at a time: an ssh to a host that is going down
 * can hang until its timeout, and the probes must keep their pace meanwhile to see it go down and come back.
 */
export class BootIdCheck {
  #controller: AbortController | undefined;
  #inFlight: Promise<void> | undefined;
  #result: BootIdRead | undefined;

  constructor(readonly run: HostRun) {}

  /** Starts a read unless one is running or its result has not been taken yet. */
  start(): void {
    if (this.#inFlight !== undefined || this.#result !== undefined) return;
    const controller = new AbortController();
    const outer = this.run.options.signal;
    const signal = outer === undefined ? controller.signal : AbortSignal.any([outer, controller.signal]);
    this.#controller = controller;
    this.#inFlight = readBootId(this.run.host, this.run.options, this.run.clock, signal).then((read) => {
      // A cancelled read's answer is dropped; a newer read may already be running.
      if (this.#controller !== controller) return;
      this.#result = read;
      this.#inFlight = undefined;
    });
  }

  /** Resolves when the running read finishes (never, when none runs). */
  finished(): Promise<void> {
    if (this.#result !== undefined) return Promise.resolve();
    return this.#inFlight ?? new Promise(() => {});
  }

  /** The finished read, once. */
  take(): BootIdRead | undefined {
    const result = this.#result;
    this.#result = undefined;
    return result;
  }

  /** Abandons the running read (its connection belongs to a host that has just gone away) and kills its ssh. */
  cancel(): void {
    this.#controller?.abort();
    this.#controller = undefined;
    this.#inFlight = undefined;
    this.#result = undefined;
  }
}
