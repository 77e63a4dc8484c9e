import { assertLimit, fail } from "../input.ts";
import { isDryRun } from "@deploykit/core";
import type { ProgressStream, RebootOptions } from "./types.ts";

/** `RebootOptions` checked, with defaults applied and durations in milliseconds. */
export type Resolved = {
  readonly timeoutMs: number;
  /** Undefined: what every group call does (`dk --limit`, else all at once). */
  readonly limit: number | undefined;
  readonly probeIntervalMs: number;
  readonly probeTimeoutMs: number;
  /** Whole seconds: ssh's `ConnectTimeout` takes no fractions. */
  readonly connectTimeoutS: number;
  readonly command: string;
  readonly output: ProgressStream;
  readonly tty: boolean;
  readonly signal: AbortSignal | undefined;
  readonly dryRun: boolean;
};

// A day: anything longer is almost certainly milliseconds passed where seconds are expected.
const MAX_SECONDS = 86_400;

function seconds(what: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > MAX_SECONDS) {
    fail(what, `a number of seconds from ${min} to ${MAX_SECONDS} (seconds, not milliseconds)`, value);
  }
  return value;
}

/** Validates every option before any host is touched (programmer mistakes are TypeErrors). */
export function resolveOptions(options: RebootOptions): Resolved {
  if (typeof options !== "object" || options === null) fail("options", "an object", options);
  const timeout = seconds("timeout", options.timeout, 600, 1);
  const probeInterval = seconds("probeInterval", options.probeInterval, 1, 0.05);
  const probeTimeout = seconds("probeTimeout", options.probeTimeout, 1, 0.05);
  const connectTimeout = seconds("connectTimeout", options.connectTimeout, 10, 1);
  const { limit, command = "reboot", output = process.stdout, signal, tty, dryRun } = options;
  assertLimit(limit);
  if (typeof command !== "string" || command.trim() === "" || command.includes("\0")) {
    fail("command", "a non-empty shell command", command);
  }
  if (typeof output?.write !== "function") fail("output", "a writable stream", output);
  if (tty !== undefined && typeof tty !== "boolean") fail("tty", "a boolean", tty);
  if (dryRun !== undefined && typeof dryRun !== "boolean") fail("dryRun", "a boolean", dryRun);
  if (signal !== undefined && !(signal instanceof AbortSignal)) fail("signal", "an AbortSignal", signal);
  return {
    timeoutMs: timeout * 1000,
    limit,
    probeIntervalMs: probeInterval * 1000,
    probeTimeoutMs: probeTimeout * 1000,
    connectTimeoutS: Math.ceil(connectTimeout),
    command: command.trim(),
    output,
    tty: tty ?? output.isTTY === true,
    signal,
    dryRun: dryRun ?? isDryRun(),
  };
}
