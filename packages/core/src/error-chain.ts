import { types } from "node:util";

/** The causes an error chain names at most, and the errors of an AggregateError: past them it only counts. */
const CHAIN = 5;

/** What led to an error: the causes it wraps, nearest first, and the errors an AggregateError gathers. */
export type ErrorChain = {
  /** Each cause once, nearest first (a cause may lead back to an error before it), at most CHAIN. */
  readonly causes: readonly unknown[];
  /** Whether the chain goes on past the causes named. */
  readonly moreCauses: boolean;
  /** An AggregateError's errors, the first CHAIN of them. */
  readonly errors: readonly unknown[];
  /** How many errors the AggregateError gathers in all; 0 for any other error. */
  readonly errorCount: number;
};

/**
 * What led to `error` (fetch's "fetch failed" says why only in its cause), for a report to word: causes are followed
 * while each is an Error, also one from another realm. Reading a part that throws (a getter, a proxy's trap) ends that
 * part: what was read still counts.
 */
export function errorChain(error: unknown): ErrorChain {
  const causes: unknown[] = [];
  const seen = new Set<unknown>([error]);
  let moreCauses = false;
  for (let cause = causeOf(error); cause !== undefined && !seen.has(cause); cause = causeOf(cause)) {
    if (causes.length === CHAIN) {
      moreCauses = true;
      break;
    }
    seen.add(cause);
    causes.push(cause);
  }
  return { causes, moreCauses, ...gathered(error) };
}

/** Whether `value` is an Error, also one from another realm (a vm context), which `instanceof` misses; never throws. */
export function isError(value: unknown): value is Error {
  return types.isNativeError(value) || attempt(() => value instanceof Error, false);
}

/**
 * `value instanceof type`, false where the prototype cannot be read (a revoked proxy, a trap that throws): core's error
 * classes answer so, since code that sorts what a task threw (dk's report) must not throw itself.
 */
export function isInstance(type: abstract new (...args: never[]) => unknown, value: unknown): boolean {
  return attempt(() => Function.prototype[Symbol.hasInstance].call(type, value), false);
}

// The cause of an Error, undefined for anything else or when it cannot be read.
function causeOf(value: unknown): unknown {
  return isError(value) ? attempt(() => value.cause, undefined) : undefined;
}

// The first errors of an AggregateError and their count; none when they cannot be read.
function gathered(error: unknown): { errors: readonly unknown[]; errorCount: number } {
  const none = { errors: [], errorCount: 0 };
  return attempt(() => {
    if (!(error instanceof AggregateError) || !Array.isArray(error.errors)) return none;
    const all: unknown[] = error.errors;
    return { errors: all.slice(0, CHAIN), errorCount: all.length };
  }, none);
}

// What `read` gives, or `otherwise` when it throws.
function attempt<T>(read: () => T, otherwise: T): T {
  try {
    return read();
  } catch {
    return otherwise;
  }
}
