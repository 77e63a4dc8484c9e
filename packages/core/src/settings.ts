import { closest } from "./option-keys.ts";
import { parseSelector, type Selector } from "./select.ts";
import type { Transport } from "./types.ts";
import { assertConcurrency, assertTransport, fail } from "./validate.ts";

/** Process-wide defaults, set once by whoever drives the run (dk sets them from `--dry-run` and `--limit`). */
export type Settings = {
  /** Every command is printed instead of run, unless a call passes `dryRun: false`. @default false */
  readonly dryRun?: boolean;
  /** Hosts at once in a group call that does not pass `concurrency`. @default Infinity */
  readonly concurrency?: number;
  /**
   * Only the hosts this selector picks (`@tag`, name globs, `!` to exclude; `dk --on`) take part in group calls and
   * the built-ins; one that picks none of its hosts throws `SelectionError`. `undefined` clears it. @default undefined
   */
  readonly on?: string | undefined;
  /**
   * How hosts that do not say are reached (`dk --transport`, else `DEPLOYKIT_TRANSPORT`): `auto` picks native per host
   * when it would connect exactly as ssh would; `undefined` goes back to those. @default "auto"
   */
  readonly transport?: Transport | undefined;
  /** Receives diagnostic lines, e.g. which transport each host got and why (`dk --debug`). @default none */
  readonly trace?: ((message: string) => void) | undefined;
};

const KEYS = new Set(["dryRun", "concurrency", "on", "transport", "trace"]);
/** Every setting as it stands: what `configure` returns, and what `configure(previous)` restores. */
export type Current = {
  readonly dryRun: boolean;
  readonly concurrency: number;
  readonly on: string | undefined;
  readonly transport: Transport | undefined;
  readonly trace: ((message: string) => void) | undefined;
};
let current: Current = { dryRun: false, concurrency: Infinity, on: undefined, transport: undefined, trace: undefined };
let selector: Selector | undefined;

/**
 * Changes the process-wide defaults; keys left out keep their value. Returns every setting it replaced, for
 * `configure(previous)` to restore.
 */
export function configure(settings: Settings): Current {
  if (typeof settings !== "object" || settings === null) fail("settings", "an object", settings);
  for (const key of Object.keys(settings)) {
    if (KEYS.has(key)) continue;
    const guess = closest(key, [...KEYS]);
    const hint = guess === undefined ? "" : `; did you mean \`${guess}\`?`;
    throw new TypeError(`Unknown setting \`${key}\`; known: ${[...KEYS].join(", ")}${hint}`);
  }
  const { dryRun = current.dryRun, concurrency = current.concurrency } = settings;
  if (typeof dryRun !== "boolean") fail("dryRun", "a boolean", dryRun);
  assertConcurrency(concurrency);
  if (settings.trace !== undefined && typeof settings.trace !== "function")
    fail("trace", "a function of one line, or undefined", settings.trace);
  if (settings.transport !== undefined) assertTransport(settings.transport);
  const on = "on" in settings ? settings.on : current.on;
  if (on !== undefined && typeof on !== "string") fail("on", "a selector like `@web,db*,!db3`, or undefined", on);
  const parsed = on === undefined ? undefined : parseSelector(on);
  const transport = "transport" in settings ? settings.transport : current.transport;
  const trace = "trace" in settings ? settings.trace : current.trace;
  // Every setting is checked before any changes: a refused call leaves them all as they were.
  const previous = current;
  current = { dryRun, concurrency, on, transport, trace };
  selector = parsed;
  return previous;
}

/** The transport for hosts that do not set one: `configure({ transport })`, else `DEPLOYKIT_TRANSPORT`, else auto. */
export function defaultTransport(): Transport {
  const fromEnv = process.env.DEPLOYKIT_TRANSPORT;
  return (
    current.transport ??
    (fromEnv === undefined || fromEnv === "" ? "auto" : assertTransport(fromEnv, "DEPLOYKIT_TRANSPORT"))
  );
}

/** Where diagnostic lines go (`configure({ trace })`); undefined when nobody listens. */
export function tracer(): ((message: string) => void) | undefined {
  return current.trace;
}

/** Whether commands are printed instead of run (`dk --dry-run`, or `configure({ dryRun: true })`). */
export function isDryRun(): boolean {
  return current.dryRun;
}

/** Hosts at once in a group call that does not say. */
export function defaultConcurrency(): number {
  return current.concurrency;
}

/** The process-wide selection (`configure({ on })`, `dk --on`), parsed; undefined when every host takes part. */
export function selection(): Selector | undefined {
  return selector;
}
