import type { Host } from "@deploykit/core";
import { RebootError } from "./errors.ts";
import type { Resolved } from "./options.ts";
import { ping, tcpProbe, type ProbeOutcome } from "./probes.ts";
import { chooseProbe, NOT_SENT } from "./choose-probe.ts";
import { resolveTarget, type SshConfigs, type Target } from "./target.ts";
import type { HostReporter } from "./progress.ts";
import { readBootId, sendReboot } from "./remote.ts";
import type { PhaseTimes, ProbeKind, RebootPhase, RebootResult } from "./types.ts";
import { Clock } from "./clock.ts";
import { waitForNewBoot } from "./wait.ts";
import type { RebootStatus } from "./refusal.ts";
import { dropStatusFile } from "./drop-status.ts";

const SENDING_CUT = "interrupted while sending the reboot: it may have been sent; check whether the host reboots";
const NOT_STARTED = "interrupted before its turn: not started; nothing was rebooted";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// The PhaseTimes field each phase sets.
const TIME_OF: Partial<Record<RebootPhase, keyof PhaseTimes>> = {
  rebooting: "rebooting",
  down: "down",
  up: "up",
  "ssh ok": "sshOk",
};

/**
 * Reboots one host and waits until it is really back: checks it can be watched and reads its boot id, sends the
 * reboot, waits for down, up and ssh, and confirms the boot id changed. Throws a `RebootError` saying where it stopped.
 */
export async function rebootHost(
  host: Host<unknown>,
  options: Resolved,
  pingPath: string | undefined,
  report: HostReporter,
  /** The run's ssh configurations: the host's was possibly read already (the ping check). */
  configs: SshConfigs,
): Promise<RebootResult> {
  const run = new HostRun(host, options, pingPath, report);
  try {
    // Its turn came after Ctrl-C (under a limit): it never starts, so it never reads "checking" on its way out.
    if (run.clock.aborted()) throw run.fail(NOT_STARTED, undefined, "not started");
    run.enter("checking");
    const target = await resolveTarget(host, configs).catch((error: Error) => {
      throw run.fail(`${error.message}; nothing was rebooted`, error);
    });
    const probe = await chooseProbe(run, target);
    const before = await readBootId(host, options, run.clock);
    // An aborted read failed for that reason alone, not for one of the host.
    if (run.clock.aborted()) throw run.fail(NOT_SENT, undefined, "stopped");
    if ("error" in before)
      throw run.fail(`could not read the boot id over ssh: ${before.ssh ?? before.error}; nothing was rebooted`);

    run.enter("rebooting", `boot id ${before.id.slice(0, 8)}`);
    const sent = await sendReboot(host, options, run.clock);
    if (!sent.sent) throw run.fail(sent.reason);
    // Unknown whether it got there: counted as sent, so nobody takes the host for untouched.
    run.rebootSent = true;
    if (sent.statusFile !== undefined) run.status = { file: sent.statusFile, before: before.id };
    if (sent.cut === true) {
      run.sendCut = true;
      throw run.fail(SENDING_CUT, undefined, "stopped");
    }
    if (sent.note !== undefined) report.note(sent.note);
    // The shared connection belongs to the boot that is ending: a later host.run must open a new one.
    await host.closeConnection();

    const back = await waitForNewBoot(run, target, probe, before.id);
    run.enter("ssh ok", `new boot id ${back.bootId.slice(0, 8)}`);
    return {
      host: host.commandPrefix,
      bootIdBefore: before.id,
      bootIdAfter: back.bootId,
      probe,
      downSeen: back.downSeen,
      durationMs: Math.round(run.clock.elapsed()),
      times: { ...run.times },
      dryRun: false,
    };
  } catch (error) {
    // A bug or an unexpected failure still ends this host only, with its message.
    const failure =
      error instanceof RebootError
        ? error
        : run.fail(`unexpected error: ${error instanceof Error ? error.message : String(error)}`, error);
    // dk reads the reboot command's status file no more: it goes now, where the host can still be reached.
    await dropStatusFile(run);
    throw failure;
  }
}

/** One host's reboot in progress: its clock, phase and phase times, its reporter, and how it is probed. */
export class HostRun {
  readonly clock: Clock;
  readonly times: Mutable<PhaseTimes> = { started: Date.now() };
  phase: RebootPhase = "waiting";
  rebootSent = false;
  sendCut = false;
  /** Where the reboot command leaves its exit status on the host, once it was sent. */
  status: RebootStatus | undefined;

  constructor(
    readonly host: Host<unknown>,
    readonly options: Resolved,
    /** Undefined when this machine has no ping: then no host is probed by ping. */
    readonly pingPath: string | undefined,
    readonly report: HostReporter,
  ) {
    this.clock = new Clock(options.timeoutMs, options.signal);
  }

  /** Moves to `phase`, records when, and reports it. */
  enter(phase: RebootPhase, detail?: string): void {
    this.phase = phase;
    const field = TIME_OF[phase];
    if (field !== undefined) this.times[field] = Date.now();
    this.report.phase(phase, this.clock.elapsed(), detail);
  }

  /** A RebootError for this host, reported as its final phase; `halted`: by Ctrl-C, not by the host. */
  fail(reason: string, cause?: unknown, halted?: RebootError["halted"]): RebootError {
    const error = new RebootError({
      host: this.host.commandPrefix,
      phase: this.phase,
      reason,
      elapsedMs: this.clock.elapsed(),
      times: { ...this.times },
      rebootSent: this.rebootSent,
      sendCut: this.sendCut,
      halted,
      cause,
    });
    this.report.phase("failed", this.clock.elapsed(), reason);
    return error;
  }

  /** One probe of `target` by ping (when there is one) or TCP connect, bounded by the probe timeout. */
  probe(target: Target, kind: Exclude<ProbeKind, "ssh">): Promise<ProbeOutcome> {
    const { probeTimeoutMs, signal } = this.options;
    return kind === "ping" && this.pingPath !== undefined
      ? ping(this.pingPath, target.address, probeTimeoutMs, signal)
      : tcpProbe(target.address, target.port, probeTimeoutMs, signal);
  }
}
