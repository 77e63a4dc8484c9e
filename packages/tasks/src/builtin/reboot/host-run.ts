import type { Host } from "@deploykit/core";
import { Clock } from "./clock.ts";
import { RebootError } from "./errors.ts";
import type { Resolved } from "./options.ts";
import { ping, type ProbeOutcome } from "./ping.ts";
import type { HostReporter } from "./progress.ts";
import type { Target } from "./target.ts";
import { tcpProbe } from "./tcp-probe.ts";
import type { PhaseTimes, ProbeKind, RebootPhase } from "./types.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// The PhaseTimes field each phase sets.
const TIME_OF: Partial<Record<RebootPhase, keyof PhaseTimes>> = { rebooting: "rebooting", down: "down", up: "up", "ssh ok": "sshOk" };

/** One host's reboot in progress: its clock, phase times and progress reporter, and how it is probed. */
export class HostRun {
  readonly host: Host<unknown>;
  readonly options: Resolved;
  readonly clock: Clock;
  readonly times: Mutable<PhaseTimes>;
  readonly #report: HostReporter;
  readonly #pingPath: string;
  phase: RebootPhase = "checking";
  rebootSent = false;

  constructor(host: Host<unknown>, options: Resolved, pingPath: string, report: HostReporter) {
    this.host = host;
    this.options = options;
    this.clock = new Clock(options.timeoutMs, options.signal);
    this.times = { started: Date.now() };
    this.#report = report;
    this.#pingPath = pingPath;
  }

  /** Moves to `phase`, records when, and reports it. */
  enter(phase: RebootPhase, detail?: string): void {
    this.phase = phase;
    const field = TIME_OF[phase];
    if (field !== undefined) this.times[field] = Date.now();
    this.#report.phase(phase, this.clock.elapsed(), detail);
  }

  note(text: string): void {
    this.#report.note(text);
  }

  /** A RebootError for this host, reported as its final phase. */
  fail(reason: string, cause?: unknown): RebootError {
    const error = new RebootError({
      host: this.host.commandPrefix, phase: this.phase, reason, elapsedMs: this.clock.elapsed(),
      times: { ...this.times }, rebootSent: this.rebootSent, cause,
    });
    this.#report.phase("failed", this.clock.elapsed(), reason);
    return error;
  }

  /** One probe of `target` by `kind`, bounded by the probe timeout. */
  probe(target: Target, kind: ProbeKind): Promise<ProbeOutcome> {
    const { probeTimeoutMs, signal } = this.options;
    return kind === "ping"
      ? ping(this.#pingPath, target.address, probeTimeoutMs, signal)
      : tcpProbe(target.address, target.port, probeTimeoutMs, signal);
  }
}
