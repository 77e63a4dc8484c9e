import { assertConcurrency, fail } from "./validate.ts";

/** Process-wide defaults, set once by whoever drives the run (dk sets them from `--dry-run` and `--limit`). */
export type Settings = {
  /** Every command is printed instead of run, unless a call passes `dryRun: false`. @default false */
  readonly dryRun?: boolean;
  /** Hosts at once in a group call that does not pass `concurrency`. @default Infinity */
  readonly concurrency?: number;
};

const KEYS = new Set(["dryRun", "concurrency"]);
let current: Required<Settings> = { dryRun: false, concurrency: Infinity };

/** Changes the process-wide defaults; keys left out keep their value. Returns the settings it replaced. */
export function configure(settings: Settings): Required<Settings> {
  if (typeof settings !== "object" || settings === null) fail("settings", "an object", settings);
  for (const key of Object.keys(settings)) {
    if (!KEYS.has(key)) throw new TypeError(`Unknown setting \`${key}\`; known: ${[...KEYS].join(", ")}`);
  }
  const { dryRun = current.dryRun, concurrency = current.concurrency } = settings;
  if (typeof dryRun !== "boolean") fail("dryRun", "a boolean", dryRun);
  assertConcurrency(concurrency);
  const previous = current;
  current = { dryRun, concurrency };
  return previous;
}

/** Whether commands are printed instead of run (`dk --dry-run`, or `configure({ dryRun: true })`). */
export function isDryRun(): boolean {
  return current.dryRun;
}

/** Hosts at once in a group call that does not say. */
export function defaultConcurrency(): number {
  return current.concurrency;
}
