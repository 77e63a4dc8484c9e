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
}
