import { inspect, type InspectOptionsStylized } from "node:util";
import { reasonOf } from "./group-error.ts";
import type { Host } from "./host.ts";

/** One host's outcome in a group call. Reading `result` gives the value, or throws the host's error. */
export class HostResult<T, Meta = Record<string, unknown>> {
  readonly host: Host<Meta>;
  readonly ok: boolean;
  /** The host's error; undefined when ok. */
  readonly error: unknown;
  readonly #value: T | undefined;

  private constructor(host: Host<Meta>, ok: boolean, value: T | undefined, error: unknown) {
    this.host = host;
    this.ok = ok;
    this.#value = value;
    this.error = error;
  }

  static ok<T, Meta>(host: Host<Meta>, value: T): HostResult<T, Meta> {
    return new HostResult(host, true, value, undefined);
  }

  static failed<T, Meta>(host: Host<Meta>, error: unknown): HostResult<T, Meta> {
    return new HostResult<T, Meta>(host, false, undefined, error);
  }

  /** The value; throws this host's error when it failed. */
  get result(): T {
    if (!this.ok) throw this.error;
    return this.#value as T;
  }

  /** As JSON (`dk --print`, `--json`): the host, `ok`, and its `result`, or `error`: why it failed, in one line. */
  toJSON(): { host: Host<Meta>; ok: boolean; result?: T; error?: string } {
    return this.ok ? { host: this.host, ok: true, result: this.#value as T } : this.#failure(reasonOf(this.error));
  }

  // console.log shows the value too: it is held privately, behind the getter that throws for a failed host.
  [inspect.custom](_depth: number, options: InspectOptionsStylized, show: typeof inspect): string {
    const shown = this.ok ? { host: this.host, ok: true, result: this.#value } : this.#failure(this.error);
    return `HostResult ${show(shown, options)}`;
  }

  #failure<E>(error: E): { host: Host<Meta>; ok: false; error: E } {
    return { host: this.host, ok: false, error };
  }
}
